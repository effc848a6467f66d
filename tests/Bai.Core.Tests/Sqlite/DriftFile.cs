namespace Bai.Core.Tests.Sqlite;

using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;

/// <summary>
/// A BAI file for the schema drift tests: the legacy schema at the model's Alembic revision plus what a test adds, and
/// what <see cref="LegacySchemaInspector"/> finds in it, read-only as the tools read a source.
/// </summary>
internal static class DriftFile
{
    /// <summary>Creates bai.db in <paramref name="folder"/>, then runs <paramref name="extraSql"/> on it; returns its path.</summary>
    public static string Create(string folder, string extraSql)
    {
        var path = Path.Combine(folder, "bai.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            {LegacySchemaScript.Text}
            INSERT INTO alembic_version (version_num) VALUES ('{BaiSchema.ExpectedAlembicVersion}');
            {extraSql}
            """;
        command.ExecuteNonQuery();
        return path;
    }

    public static IReadOnlyList<DriftFinding> Inspect(string path, IReadOnlySet<string>? dropped = null)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        return LegacySchemaInspector.Inspect(connection, dropped ?? new HashSet<string>(), BaiSchema.ExpectedAlembicVersion);
    }
}
