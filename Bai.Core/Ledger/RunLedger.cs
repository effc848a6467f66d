namespace Bai.Core.Ledger;

using Bai.Core.Schema;
using Npgsql;

/// <summary>
/// The migrator's memory, in its own schema (<see cref="BaiSchema.ToolSchema"/>), written on a connection of its
/// own in autocommit so it survives the rollback of a failed copy. It is deliberately not part of the EF model:
/// the application's schema is created inside the copy's transaction, the ledger must exist outside it.
/// </summary>
public sealed class RunLedger(NpgsqlConnection connection)
{
    private const string Schema = BaiSchema.ToolSchema;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync($"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.runs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                snapshot_sha256 text NOT NULL,
                source_path text NOT NULL,
                snapshot_path text NOT NULL,
                bad_rows_policy text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                phase text NOT NULL,
                status text NOT NULL,
                trace_parent text,
                counts jsonb,
                message text);
            CREATE TABLE IF NOT EXISTS {Schema}.rejected_rows (
                run_id bigint NOT NULL REFERENCES {Schema}.runs (id) ON DELETE CASCADE,
                table_name text NOT NULL,
                source_row_id bigint NOT NULL,
                account_id text,
                raw_values jsonb NOT NULL,
                reasons jsonb NOT NULL,
                PRIMARY KEY (run_id, table_name, source_row_id));
            CREATE TABLE IF NOT EXISTS {Schema}.loads (
                run_id bigint PRIMARY KEY REFERENCES {Schema}.runs (id) ON DELETE CASCADE,
                snapshot_sha256 text NOT NULL,
                committed_at timestamptz NOT NULL DEFAULT now());
            """, cancellationToken);
    }

    /// <summary>
    /// The provenance of the application's data, written inside the copy's transaction so that the rows and the
    /// snapshot they came from commit together: a process killed after that commit but before the ledger's own
    /// connection marks the run completed still leaves a record of what the target holds (issue 8).
    /// </summary>
    public static async Task RecordLoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long runId, string sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"INSERT INTO {Schema}.loads (run_id, snapshot_sha256) VALUES ($1, $2)", connection, transaction);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(sha256);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest committed load (which run, which snapshot), or null when none was recorded.</summary>
    public static async Task<LoadRecord?> LatestLoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{Schema}.loads') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        await using var command = new NpgsqlCommand($"SELECT run_id, snapshot_sha256 FROM {Schema}.loads ORDER BY run_id DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LoadRecord(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>
    /// We hold the lock, so a run still marked running was killed: say so, for the record. Returns how many of them had
    /// not committed their copy and how many had (a <c>loads</c> row commits with the copy).
    /// </summary>
    public async Task<(int BeforeCommit, int AfterCommit)> MarkStaleRunsInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            WITH stale AS (
                SELECT r.id, EXISTS (SELECT FROM {Schema}.loads l WHERE l.run_id = r.id) AS committed
                FROM {Schema}.runs r WHERE status = '{RunRecord.Running}'),
            marked AS (
                UPDATE {Schema}.runs r SET status = '{RunRecord.Interrupted}', finished_at = now(),
                    message = CASE WHEN s.committed
                        THEN 'the process ended after its copy committed, before the run finished; the next run of the same snapshot checks it'
                        ELSE 'the process ended before the run finished; nothing of its copy was committed' END
                FROM stale s WHERE r.id = s.id
                RETURNING s.committed)
            SELECT count(*) FILTER (WHERE NOT committed)::int, count(*) FILTER (WHERE committed)::int FROM marked
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<long> StartAsync(string sha256, string sourcePath, string snapshotPath, string policy, string? traceParent, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {Schema}.runs (snapshot_sha256, source_path, snapshot_path, bad_rows_policy, phase, status, trace_parent) VALUES ($1, $2, $3, $4, 'connect', '{RunRecord.Running}', $5) RETURNING id",
            connection);
        command.Parameters.AddWithValue(sha256);
        command.Parameters.AddWithValue(sourcePath);
        command.Parameters.AddWithValue(snapshotPath);
        command.Parameters.AddWithValue(policy);
        command.Parameters.AddWithValue((object?)traceParent ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SetPhaseAsync(long runId, string phase, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"UPDATE {Schema}.runs SET phase = $2 WHERE id = $1", connection);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(phase);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task FinishAsync(long runId, string status, string? countsJson, string? message, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE {Schema}.runs SET status = $2, counts = $3::jsonb, message = $4, finished_at = now() WHERE id = $1", connection);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)countsJson ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)message ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A copied run's verification finished: completed (the target holds its rows, whatever the verification found),
    /// with the run's own outcome and the verification's verdict, so that a run whose verification found problems does
    /// not read as a verified one.
    /// </summary>
    public Task CompleteVerifiedAsync(long runId, string outcome, int exitCode, CancellationToken cancellationToken) =>
        UpdateCopiedAsync(runId, $"status = '{RunRecord.Completed}', message = $2, finished_at = now()", $"{outcome}; {Verdict(exitCode, "")}", cancellationToken);

    /// <summary>A copied run's verification stopped: it stays copied, and its message says why.</summary>
    public Task VerificationStoppedAsync(long runId, string message, CancellationToken cancellationToken) =>
        UpdateCopiedAsync(runId, "message = $2, finished_at = now()", message, cancellationToken);

    /// <summary>
    /// A later run of the same snapshot verified what a copied run loaded: that run is completed, and says by whom
    /// (its own finished_at stays: it is when that run ended).
    /// </summary>
    public Task VerifiedByLaterRunAsync(long runId, int exitCode, CancellationToken cancellationToken) =>
        UpdateCopiedAsync(runId, $"status = '{RunRecord.Completed}', message = coalesce(message, '') || $2", $"; {Verdict(exitCode, " by a later run")}", cancellationToken);

    /// <summary>What a finished verification said, in the ledger's words ("verified (exit 0)", or that it found problems).</summary>
    private static string Verdict(int exitCode, string by) =>
        exitCode == ExitCodes.Success ? $"verified{by} (exit 0)" : $"verified{by}, and the verification found problems (exit {exitCode}; its report names them)";

    /// <summary>
    /// The newest run whose copy the target holds, verified or not (completed or copied): what the rows were loaded
    /// from, for a rerun that finds them and for the standalone verifier's default source.
    /// </summary>
    public static Task<RunRecord?> LatestCopiedAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        LatestAsync(connection, [RunRecord.Completed, RunRecord.Copied], cancellationToken);

    /// <summary>The newest run with the given status, or the newest of all when <paramref name="status"/> is null.</summary>
    public static Task<RunRecord?> LatestAsync(NpgsqlConnection connection, string? status, CancellationToken cancellationToken) =>
        LatestAsync(connection, status is null ? null : [status], cancellationToken);

    private static async Task<RunRecord?> LatestAsync(NpgsqlConnection connection, string[]? statuses, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{Schema}.runs') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        await using var command = new NpgsqlCommand(
            $"""
            SELECT id, snapshot_sha256, source_path, snapshot_path, bad_rows_policy, started_at, finished_at, phase, status, trace_parent, counts::text, message
            FROM {Schema}.runs WHERE $1::text[] IS NULL OR status = ANY ($1) ORDER BY id DESC LIMIT 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)statuses ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new RunRecord(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11));
    }

    /// <summary>Only a run still recorded as copied: one whose verification was already recorded keeps what it says.</summary>
    private async Task UpdateCopiedAsync(long runId, string assignments, string text, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"UPDATE {Schema}.runs SET {assignments} WHERE id = $1 AND status = '{RunRecord.Copied}'", connection);
        command.Parameters.AddWithValue(runId);
        command.Parameters.AddWithValue(text);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
