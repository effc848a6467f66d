namespace Bai.Migrator.Tests.BadInput;

using System.Text;
using System.Text.Unicode;
using Bai.Core.Schema;

/// <summary>
/// The values no rule of data-rules.md converts into a column, whatever else the conversions accept: a BLOB, invalid
/// UTF-8, a NUL, NULL where NOT NULL, text too long, text without a digit where a number, date or timestamp belongs, a
/// word that is no boolean. Deliberately short of the rules: what it does not name may still be rejected.
/// </summary>
public static class UnacceptableValue
{
    private static readonly string[] BooleanWords = ["0", "1", "true", "false", "t", "f", "yes", "no"];

    /// <summary>Why no rule accepts the value stored in the cell, or null when some rule may.</summary>
    public static string? Reason(TableSpec table, ColumnSpec column, string storageClass, byte[] bytes)
    {
        if (storageClass == "null")
        {
            // A NULL reference of a nullable column loads as NULL; a NOT NULL one is rejected.
            var nullable = table.ReferenceFor(column.Name)?.Nullable ?? column.Nullable;
            return nullable ? null : "NULL in a NOT NULL column";
        }

        if (storageClass == "blob")
        {
            return "a BLOB";
        }

        if (storageClass != "text")
        {
            return null;
        }

        if (!Utf8.IsValid(bytes))
        {
            return "invalid UTF-8";
        }

        if (bytes.Contains((byte)0))
        {
            return "a NUL character";
        }

        var text = Encoding.UTF8.GetString(bytes);
        return column.Kind switch
        {
            ValueKind.Varchar when text.EnumerateRunes().Count() > column.MaxLength => $"longer than {column.MaxLength} characters",
            ValueKind.Boolean when !BooleanWords.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase) => "not a boolean",
            ValueKind.BigInt or ValueKind.Integer or ValueKind.Numeric or ValueKind.Date or ValueKind.Timestamp when !text.Any(char.IsAsciiDigit) => "text without a digit",
            _ => null,
        };
    }
}
