namespace Bai.Migrator.Copy;

using System.Globalization;
using System.Text.Json;
using Bai.Core.Schema;
using Bai.Core.Values;

/// <summary>
/// A rejected row's values exactly as SQLite stored them, for the quarantine: each column's storage class and
/// content, <c>{"amount": {"type": "real", "value": "0.123456"}}</c>. Integers and reals are written as strings
/// so no JSON reader rounds them; TEXT that PostgreSQL's jsonb cannot hold (invalid UTF-8, U+0000) and BLOBs are
/// kept as hex of their bytes, so every value survives whole.
/// </summary>
internal static class RawValueJson
{
    public static string Serialize(TableSpec table, ReadOnlySpan<RawValue> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < values.Length; i++)
            {
                writer.WriteStartObject(table.Columns[i].Name);
                Write(writer, values[i]);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, in RawValue value)
    {
        switch (value.StorageClass)
        {
            case SqliteStorageClass.Null:
                writer.WriteString("type", "null");
                break;
            case SqliteStorageClass.Integer:
                writer.WriteString("type", "integer");
                writer.WriteString("value", value.IntegerValue.ToString(CultureInfo.InvariantCulture));
                break;
            case SqliteStorageClass.Real:
                writer.WriteString("type", "real");
                writer.WriteString("value", value.RealValue.ToString("R", CultureInfo.InvariantCulture));
                break;
            case SqliteStorageClass.Text when value.TextValue is { } text && !text.Contains('\0', StringComparison.Ordinal):
                writer.WriteString("type", "text");
                writer.WriteString("value", text);
                break;
            case SqliteStorageClass.Text:
                writer.WriteString("type", "text");
                writer.WriteString("hex", Convert.ToHexString(value.Bytes ?? System.Text.Encoding.UTF8.GetBytes(value.TextValue!)));
                break;
            default:
                writer.WriteString("type", "blob");
                writer.WriteString("hex", Convert.ToHexString(value.Bytes!));
                break;
        }
    }
}
