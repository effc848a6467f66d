namespace Bai.Core.Tests.Schema;

using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

/// <summary>BaiSchema describes the input contract (legacy-bai-sqlite.sql) exactly: read back from SQLite itself.</summary>
public sealed class LegacySchemaTests
{
    private static readonly string[] LegacyAccountTypes = ["VARCHAR(50)", "VARCHAR(100)"];

    [Fact]
    public void The_description_matches_the_legacy_ddl_column_by_column()
    {
        using var connection = LegacyDatabase();
        foreach (var spec in BaiSchema.AllTables)
        {
            var columns = new List<(string Name, string Type, bool NotNull)>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, type, \"notnull\" FROM pragma_table_info($t)";
            command.Parameters.AddWithValue("$t", spec.Name);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1));
                }
            }

            Assert.Equal(spec.Columns.Select(c => c.Name), columns.Select(c => c.Name));
            foreach (var (column, legacy) in spec.Columns.Zip(columns))
            {
                if (column.Name == BaiSchema.AccountIdColumn)
                {
                    // The legacy file mixes VARCHAR(50) and VARCHAR(100); the target unifies them (target-schema.md).
                    Assert.Contains(legacy.Type, LegacyAccountTypes);
                }
                else
                {
                    Assert.Equal(LegacyType(column), legacy.Type);
                }

                Assert.Equal(!column.Nullable, legacy.NotNull);
            }
        }
    }

    [Fact]
    public void Every_legacy_foreign_key_is_a_reference_of_the_description()
    {
        using var connection = LegacyDatabase();
        foreach (var spec in BaiSchema.TenantTables)
        {
            var keys = new List<(string Column, string Parent, string OnDelete)>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"from\", \"table\", on_delete FROM pragma_foreign_key_list($t)";
            command.Parameters.AddWithValue("$t", spec.Name);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            Assert.Equal(
                spec.References.Select(r => (r.Column, r.ParentTable, r.CascadeDelete ? "CASCADE" : "NO ACTION")).OrderBy(k => k.Column, StringComparer.Ordinal),
                keys.OrderBy(k => k.Column, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_legacy_file_has_exactly_the_described_tables()
    {
        using var connection = LegacyDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name";
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Equal(BaiSchema.AllTables.Select(t => t.Name).Order(StringComparer.Ordinal), names);
    }

    private static string LegacyType(ColumnSpec column) => column.Kind switch
    {
        ValueKind.BigInt or ValueKind.Integer => "INTEGER",
        ValueKind.Varchar => $"VARCHAR({column.MaxLength})",
        ValueKind.Text => "TEXT",
        ValueKind.Numeric => $"NUMERIC({column.Precision}, {column.Scale})",
        ValueKind.Boolean => "BOOLEAN",
        ValueKind.Date => "DATE",
        ValueKind.Timestamp => "DATETIME",
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    private static SqliteConnection LegacyDatabase()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = LegacySchemaScript.Text;
        command.ExecuteNonQuery();
        return connection;
    }
}
