using Bai.Core.Schema;
using Bai.SampleData.Damage;
using Bai.SampleData.Generation;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData;

/// <summary>
/// Generates legacy BAI SQLite files: the schema of <c>legacy-bai-sqlite.sql</c> verbatim, realistic rows in
/// SQLAlchemy's storage conventions, and on request each kind of damage of data-rules.md (issue 2, issue 5).
/// Deterministic: the same options give the same bytes (a seeded <see cref="Random"/>, a fixed base date and
/// the same statements in the same order).
/// </summary>
public static class SampleGenerator
{
    /// <summary>Creates <paramref name="path"/>, which must not exist yet, and fills it as <paramref name="options"/> say.</summary>
    public static async Task<SampleSummary> GenerateAsync(string path, SampleOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        path = Path.GetFullPath(path);
        if (File.Exists(path))
        {
            throw new IOException($"{path} already exists; the generator only creates new files.");
        }

        try
        {
            await WriteCleanDataAsync(path, options, cancellationToken);
            var damage = options.Damage.Count == 0
                ? []
                : await DamageInjector.ApplyAsync(path, options, cancellationToken);
            await FinishAsync(path, cancellationToken);
            return new SampleSummary(path, await CountRowsAsync(path, cancellationToken), damage);
        }
        catch
        {
            // A half-written file would pass for a sample; leave nothing behind.
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            throw;
        }
    }

    private static async Task WriteCleanDataAsync(string path, SampleOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await SampleDatabase.OpenAsync(path, fast: true, cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await SampleDatabase.ExecuteAsync(connection, LegacySchemaScript.Text, cancellationToken, transaction);
        var indexes = await LegacyIndexes.DropAsync(connection, transaction, cancellationToken);
        await using (var alembic = connection.CreateCommand())
        {
            alembic.Transaction = transaction;
            alembic.CommandText = "INSERT INTO alembic_version (version_num) VALUES ($v)";
            alembic.Parameters.AddWithValue("$v", BaiSchema.ExpectedAlembicVersion);
            await alembic.ExecuteNonQueryAsync(cancellationToken);
        }

        CleanDataWriter.Write(connection, options, cancellationToken);
        await LegacyIndexes.CreateAsync(connection, transaction, indexes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Leaves an ordinary rollback-journal file, as the Python backend's files are.</summary>
    private static async Task FinishAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await SampleDatabase.OpenAsync(path, fast: false, cancellationToken);
        await SampleDatabase.ExecuteAsync(connection, "PRAGMA journal_mode = DELETE;", cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await SampleDatabase.OpenAsync(path, fast: false, cancellationToken);
        var counts = new Dictionary<string, long>();
        foreach (var table in BaiSchema.AllTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            command.Parameters.AddWithValue("$name", table.Name);
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                continue;
            }

            command.CommandText = $"SELECT count(*) FROM {table.Name}";
            counts[table.Name] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }
}
