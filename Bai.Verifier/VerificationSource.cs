namespace Bai.Verifier;

using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Npgsql;

/// <summary>
/// What the target is compared with: a SQLite file, and the migration run whose quarantine and trace belong to it
/// (null when the database has no completed run, which is only possible with --sqlite).
/// </summary>
internal sealed record VerificationSource(string SqlitePath, RunRecord? Run)
{
    /// <summary>
    /// By default the snapshot of the last run whose copy the target holds, verified (completed) or not (copied: the
    /// migrator's own verification step, and a run whose verification did not finish); --sqlite overrides the file.
    /// </summary>
    public static async Task<VerificationSource> ResolveAsync(NpgsqlConnection connection, string? sqlitePath, CancellationToken cancellationToken)
    {
        var run = await RunLedger.LatestCopiedAsync(connection, cancellationToken);
        var path = sqlitePath ?? run?.SnapshotPath ?? throw new BaiEnvironmentException(
            $"The database records no completed migration run ({BaiSchema.ToolSchema}.runs), so there is no snapshot to compare with; run Bai.Migrator first, or give the SQLite file with --sqlite PATH.");
        if (sqlitePath is null && !File.Exists(path))
        {
            throw new BaiEnvironmentException(SqliteFileCheck.UnreachableMessage(path, $"The snapshot of migration run {run!.Id},") ??
                $"The snapshot '{path}' that migration run {run!.Id} recorded no longer exists; restore it, or give the SQLite file to compare with --sqlite PATH.");
        }

        SqliteFileCheck.EnsureReadable(path, namedWith: "--sqlite PATH");
        EnsureComparable(path, sqlitePath is not null);
        return new VerificationSource(path, run);
    }

    /// <summary>
    /// A file without a table or column of the model (another application's file of a similar name, a BAI file of
    /// another revision) has nothing to compare them with: the first check's SELECT of it failed, exit 1. A BAI table
    /// whose rowid the tools cannot reach (declared WITHOUT ROWID, or with a column named rowid) gives no way to name
    /// its rows. The migrator refuses such files as schema drift; given one with --sqlite, the verifier says so in one
    /// sentence instead of failing mid-check.
    /// </summary>
    private static void EnsureComparable(string path, bool given)
    {
        using var sqlite = SqliteFile.OpenForRows(path);
        var missing = LegacySchemaInspector.MissingFromFile(sqlite);
        if (missing.Count > 0)
        {
            var tables = missing.Where(m => m.Column is null).Select(m => m.Table).ToList();
            var columns = missing.Where(m => m.Column is not null).Select(m => $"{m.Table}.{m.Column}").ToList();
            var lacks = string.Join(" and ", new[]
            {
                tables.Count == 0 ? null : $"the {(tables.Count == 1 ? "table" : "tables")} {string.Join(", ", tables)}",
                columns.Count == 0 ? null : $"the {(columns.Count == 1 ? "column" : "columns")} {string.Join(", ", columns)}",
            }.OfType<string>());
            var instead = given ? "give the BAI file the target was migrated from with --sqlite PATH, or leave out --sqlite to compare with the last completed run's snapshot" : "give the BAI file the target was migrated from with --sqlite PATH";
            throw new BaiEnvironmentException(
                $"The SQLite source '{path}' cannot be compared: it lacks {lacks} of the BAI model, so the target cannot have been migrated from it (another application's file, or a BAI file of another Alembic revision); {instead}.");
        }

        var problems = LegacySchemaInspector.RowIdProblems(sqlite);
        if (problems.Count > 0)
        {
            throw new BaiEnvironmentException($"The SQLite source {path} cannot be compared: {problems[0].Detail}.");
        }
    }
}
