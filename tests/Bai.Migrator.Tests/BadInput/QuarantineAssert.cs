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

    /// <summary>The reasons of a quarantined row: (column, code) pairs.</summary>
    public static IReadOnlyList<(string? Column, string Code)> Reasons(QuarantinedRow row) =>
        [.. row.Reasons.EnumerateArray().Select(r => (r.GetProperty("column").ValueKind == JsonValueKind.Null ? null : r.GetProperty("column").GetString(), r.GetProperty("code").GetString()!))];
}
