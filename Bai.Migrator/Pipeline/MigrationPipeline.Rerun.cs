namespace Bai.Migrator.Pipeline;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Postgres;
using Bai.Migrator.Reporting;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>A run whose snapshot an earlier run loaded already: it counts and verifies the rows there instead of copying them again.</summary>
internal sealed partial class MigrationPipeline
{
    /// <summary>
    /// The target holds this snapshot's rows, loaded by run <paramref name="loadedBy"/> (completed, or copied with its
    /// verification unfinished): counted, verified, and nothing copied.
    /// </summary>
    private async Task<int> ConfirmKeptLoadAsync(
        long loadedBy, RunRecord? previous, RunLedger ledger, NpgsqlConnection ledgerConnection, Snapshot snapshot, SqliteConnection source, IReadOnlyList<string> upgrades, MigrationReportBuilder report, CancellationToken cancellationToken)
    {
        // "The target holds it" is counted, not assumed, with --no-verify too (the AppHost's way): rows deleted or
        // added since, by hand or by an application pointed at the target too early, were "nothing to do", exit 0.
        report.CountMismatches = await CountLoadedRowsAsync(source, ledgerConnection, loadedBy, cancellationToken);
        if (report.CountMismatches.Count > 0)
        {
            return await reportWriter.WriteAsync(
                report.Build($"already migrated by run {loadedBy}, but the target's rows no longer match the source's (count check failed); --reset loads it again, replacing every row of the target, any written there since included", ExitCodes.DataProblems),
                cancellationToken);
        }

        report.NothingToDo = true;
        Log.NothingToDo(logger, loadedBy, snapshot.Sha256);
        var outcome = upgrades.Count == 0
            ? "already migrated: nothing to do"
            : $"already migrated: the schema brought up to date ({string.Join(", ", upgrades)})";
        var code = options.NoVerify ? ExitCodes.Success : await VerifyAsync(snapshot, report, outcome, NothingCopiedUnverified, cancellationToken);
        if (!options.NoVerify && previous is { Status: RunRecord.Copied } copied)
        {
            // The copy whose verification did not finish has now been verified: the ledger says so.
            await ledger.VerifiedByLaterRunAsync(copied.Id, code, CancellationToken.None);
        }

        if (code == ExitCodes.DataProblems)
        {
            // "nothing to do (exit 2)" read as a success.
            outcome = $"already migrated by run {loadedBy}, but the verification found differences";
        }

        return await reportWriter.WriteAsync(report.Build(outcome, code), cancellationToken);
    }

    /// <summary>
    /// The run that loaded this snapshot committed its rows but never finished (killed between its commit and the
    /// ledger's "completed"): check them as that run would have, record the outcome, and verify, without copying again.
    /// </summary>
    private async Task<int> FinishCommittedLoadAsync(
        LoadRecord load, RunLedger ledger, NpgsqlConnection ledgerConnection, Snapshot snapshot, SqliteConnection source, MigrationReportBuilder report, CancellationToken cancellationToken)
    {
        Log.FinishingCommittedLoad(logger, load.RunId, snapshot.Sha256);
        var runId = await ledger.StartAsync(snapshot.Sha256, snapshot.SourcePath, snapshot.Path, options.BadRows.ToString().ToLowerInvariant(), Activity.Current?.Id, cancellationToken);
        report.RunId = runId;
        try
        {
            using (MigratorTelemetry.StartPhase("check"))
            {
                await ledger.SetPhaseAsync(runId, "check", cancellationToken);
                // Rows the loading run quarantined are its own: count them against its id.
                report.CountMismatches = await CountCheck.RunAsync(source, ledgerConnection, load.RunId, cancellationToken);
            }

            var code = report.CountMismatches.Count > 0 ? ExitCodes.DataProblems : ExitCodes.Success;
            report.Outcome = code == ExitCodes.Success
                ? $"completed: run {load.RunId} had committed this snapshot's rows before it was interrupted; checked them"
                : "count check failed: source rows differ from migrated + rejected rows";
            code = await RecordThenVerifyAsync(ledger, runId, code, null, snapshot, report, cancellationToken);
            return await reportWriter.WriteAsync(report.Build(report.Outcome, code), cancellationToken);
        }
        catch (Exception e)
        {
            Activity.Current.RecordFailure(e);
            if (!PostgresConnectionErrors.IsConnectionLoss(e))
            {
                // On a lost connection the ledger's went too; the next run marks this one interrupted.
                await RecordStopAsync(ledger, runId, report, e);
            }

            throw;
        }
    }

    /// <summary>The count check of a rerun that copies nothing: a session in its way is named, and a limit or a lost
    /// connection is one sentence, as in the copy's own steps.</summary>
    private async Task<IReadOnlyList<CountMismatch>> CountLoadedRowsAsync(
        SqliteConnection source, NpgsqlConnection ledgerConnection, long loadedBy, CancellationToken cancellationToken)
    {
        const string Consequence = "nothing was written";
        try
        {
            await using (LockWaitWatch.Start(dataSource, ledgerConnection.ProcessID, logger))
            {
                return await CountCheck.RunAsync(source, ledgerConnection, loadedBy, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException
            && (PostgresConnectionErrors.Limit(e, dataSource.ConnectionString, Consequence)
                ?? (PostgresConnectionErrors.IsConnectionLoss(e) ? PostgresConnectionErrors.Lost(e, dataSource.ConnectionString, Consequence) : null)) is { } sentence)
        {
            throw new BaiEnvironmentException(sentence, e);
        }
    }

    /// <summary>
    /// A target that keeps the rows an earlier run loaded from this snapshot still gets the schema migrations this
    /// migrator has and it lacks (a rehearsal database after an upgrade of the tool), as EF applies pending migrations
    /// to any database: in a transaction of their own, so one that fails leaves the target as it was.
    /// </summary>
    private async Task<IReadOnlyList<string>> UpgradeLoadedSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (LockWaitWatch.Start(dataSource, connection.ProcessID, logger))
        using (MigratorTelemetry.StartPhase("schema"))
        {
            var applied = await schemaPhase.ApplyAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return applied;
        }
    }
}
