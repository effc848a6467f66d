namespace Bai.Core.Values;

using System.Globalization;
using System.Text.Json;
using Bai.Core.Schema;

/// <summary>
/// A rejected row's values exactly as SQLite stored them, for the quarantine: each column's storage class and
/// content, <c>{"amount": {"type": "real", "value": "0.123456"}}</c>. Integers and reals are written as strings
/// so no JSON reader rounds them; TEXT that PostgreSQL's jsonb cannot hold (invalid UTF-8, U+0000) and BLOBs are
/// kept as hex of their bytes, so every value survives whole. The verifier reads them back
/// (<see cref="Normalize"/>) to see that the quarantine holds its source row whole.
/// </summary>
public static class RawValueJson
{
    private static readonly string[] CellProperties = ["type", "value", "hex"];

    public static string Serialize(TableSpec table, ReadOnlySpan<RawValue> values)
    {
        ArgumentNullException.ThrowIfNull(table);
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

        return Text(buffer);
    }

    /// <summary>
    /// A row as jsonb gave it back (its keys in jsonb's order, its text escaped its way) written as
    /// <see cref="Serialize"/> writes it: columns in model order, each cell's properties in one order. A column the
    /// stored row lacks is written empty and one the model lacks after the others, so such a row never compares equal.
    /// </summary>
    public static string Normalize(TableSpec table, JsonElement stored)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var column in table.Columns)
            {
                known.Add(column.Name);
                writer.WriteStartObject(column.Name);
                if (stored.ValueKind == JsonValueKind.Object && stored.TryGetProperty(column.Name, out var cell))
                {
                    WriteCell(writer, cell);
                }

                writer.WriteEndObject();
            }

            if (stored.ValueKind == JsonValueKind.Object)
            {
                foreach (var extra in stored.EnumerateObject().Where(p => !known.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WriteStartObject(extra.Name);
                    WriteCell(writer, extra.Value);
                    writer.WriteEndObject();
                }
            }
            else
            {
                writer.WriteString("not-an-object", stored.GetRawText());
            }

            writer.WriteEndObject();
        }

        return Text(buffer);
    }

    /// <summary>
    /// A cell <see cref="Serialize"/> wrote, read back as the value SQLite stored: NULL, an integer, a real or text; null
    /// for a value kept as hex (a BLOB, or text jsonb cannot hold), which no conversion but the bytes' own accepts,
    /// and for a cell not in this form.
    /// </summary>
    public static RawValue? Read(JsonElement cell)
    {
        if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("type", out var type))
        {
            return null;
        }

        var value = cell.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (type.GetString(), value) switch
        {
            ("null", _) => RawValue.Null,
            ("integer", { } text) when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => RawValue.FromInteger(integer),
            ("real", { } text) when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => RawValue.FromReal(real),
            ("text", { } text) => RawValue.FromText(text),
            _ => null,
        };
    }

    private static string Text(MemoryStream buffer) => System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);

    private static void WriteCell(Utf8JsonWriter writer, JsonElement cell)
    {
        if (cell.ValueKind != JsonValueKind.Object)
        {
            writer.WriteString("not-an-object", cell.GetRawText());
            return;
        }

        foreach (var name in CellProperties)
        {
            if (cell.TryGetProperty(name, out var value))
            {
                writer.WriteString(name, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            }
        }
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
