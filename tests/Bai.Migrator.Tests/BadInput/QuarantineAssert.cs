namespace Bai.Migrator.Tests.BadInput;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Bai.Core.Schema;

/// <summary>Checks that a quarantined row holds every column of the source row exactly as SQLite stored it.</summary>
public static class QuarantineAssert
{
    public static void HoldsSourceRowWhole(SourceFile source, QuarantinedRow row)
    {
        var table = BaiSchema.Table(row.Table);
        Assert.Equal(table.Columns.Select(c => c.Name).Order(StringComparer.Ordinal), row.RawValues.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        using var connection = source.OpenReadOnly();
        foreach (var column in table.Columns)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT typeof(\"{column.Name}\"), hex(\"{column.Name}\"), \"{column.Name}\" FROM \"{row.Table}\" WHERE rowid = $rowid";
            command.Parameters.AddWithValue("$rowid", row.RowId);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read(), $"{row.Table} has no rowid {row.RowId}");
            var type = reader.GetString(0);
            var stored = row.RawValues.GetProperty(column.Name);
            var where = $"{row.Table} rowid {row.RowId} column {column.Name}";
            Assert.True(type == stored.GetProperty("type").GetString(), $"{where}: storage class {type}, quarantined {stored}");
            switch (type)
            {
                case "null":
                    Assert.False(stored.TryGetProperty("value", out _), where);
                    break;
                case "integer":
                    Assert.Equal(reader.GetInt64(2).ToString(CultureInfo.InvariantCulture), stored.GetProperty("value").GetString());
                    break;
                case "real":
                    Assert.Equal(reader.GetDouble(2), double.Parse(stored.GetProperty("value").GetString()!, CultureInfo.InvariantCulture));
                    break;
                case "text":
                    var bytes = Convert.FromHexString(reader.GetString(1));
                    if (Utf8.IsValid(bytes) && !bytes.Contains((byte)0))
                    {
                        Assert.Equal(Encoding.UTF8.GetString(bytes), stored.GetProperty("value").GetString());
                    }
                    else
                    {
                        Assert.Equal(reader.GetString(1), stored.GetProperty("hex").GetString(), ignoreCase: true);
                    }

                    break;
                default:
                    Assert.Equal(reader.GetString(1), stored.GetProperty("hex").GetString(), ignoreCase: true);
                    break;
            }
        }
    }

    /// <summary>The manifest's cell as the quarantine keeps it: its storage class, and its value (hex for bytes that are not text jsonb can hold).</summary>
    public static void HoldsManifestValue(QuarantinedRow row, Bai.SampleData.GeneratedDamage damage)
    {
        var cell = row.RawValues.GetProperty(damage.Column!);
        Assert.Equal(damage.StorageClass.ToString().ToLowerInvariant(), cell.GetProperty("type").GetString());
        switch (damage.RawValue)
        {
            case null:
                break;
            case byte[] bytes:
                Assert.Equal(Convert.ToHexString(bytes), cell.GetProperty("hex").GetString());
                break;
            case string text when text.Contains('\0', StringComparison.Ordinal):
                Assert.Equal(Convert.ToHexString(Encoding.UTF8.GetBytes(text)), cell.GetProperty("hex").GetString());
                break;
            case string text:
                Assert.Equal(text, cell.GetProperty("value").GetString());
                break;
            case double real:
                Assert.Equal(real, double.Parse(cell.GetProperty("value").GetString()!, CultureInfo.InvariantCulture));
                break;
            default:
                Assert.Equal(Convert.ToString(damage.RawValue, CultureInfo.InvariantCulture), cell.GetProperty("value").GetString());
                break;
        }
    }

    /// <summary>The reasons of a quarantined row: (column, code) pairs.</summary>
    public static IReadOnlyList<(string? Column, string Code)> Reasons(QuarantinedRow row) =>
        [.. row.Reasons.EnumerateArray().Select(r => (r.GetProperty("column").ValueKind == JsonValueKind.Null ? null : r.GetProperty("column").GetString(), r.GetProperty("code").GetString()!))];
}
