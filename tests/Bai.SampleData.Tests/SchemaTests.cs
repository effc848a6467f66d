using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task A_generated_file_holds_exactly_the_objects_the_legacy_script_creates()
    {
        var path = _temp.File("clean.db");
        await SampleGenerator.GenerateAsync(path, new SampleOptions { InvoicesPerAccount = 5 }, CancellationToken.None);

        var expected = SchemaOf(":memory:", LegacySchemaScript.Text);
        var actual = SchemaOf(path, script: null);

        Assert.Equal(expected, actual);
        Assert.All(actual.Where(o => o.Sql is not null), o => Assert.Contains(o.Sql!, LegacySchemaScript.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_generated_file_is_an_ordinary_rollback_journal_file_holding_the_expected_alembic_revision()
    {
        var path = _temp.File("clean.db");
        await SampleGenerator.GenerateAsync(path, new SampleOptions { InvoicesPerAccount = 5 }, CancellationToken.None);

        Assert.Equal("delete", SqliteFile.Scalar<string>(path, "PRAGMA journal_mode"));
        Assert.Equal("ok", SqliteFile.Scalar<string>(path, "PRAGMA integrity_check"));
        Assert.Equal(BaiSchema.ExpectedAlembicVersion, SqliteFile.Scalar<string>(path, "SELECT group_concat(version_num) FROM alembic_version"));
        Assert.False(File.Exists(path + "-journal"));
    }

    public void Dispose() => _temp.Dispose();

    private static List<(string Type, string Name, string Table, string? Sql)> SchemaOf(string path, string? script)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        if (script is not null)
        {
            command.CommandText = script;
            command.ExecuteNonQuery();
        }

        command.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
        using var reader = command.ExecuteReader();
        var objects = new List<(string, string, string, string?)>();
        while (reader.Read())
        {
            objects.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return objects;
    }
}
