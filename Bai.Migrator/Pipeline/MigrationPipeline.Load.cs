namespace Bai.Migrator.Pipeline;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Postgres;
using Bai.Core.Sqlite;
using Bai.Migrator.Copy;
using Bai.Migrator.Reporting;
using Microsoft.Data.Sqlite;

/// <summary>A run that loads its snapshot: schema, copy, finish and commit in one transaction, the count check, then the verification.</summary>
internal sealed partial class MigrationPipeline
{
    private async Task<int> LoadAsync(RunLedger ledger, Snapshot snapshot, SqliteConnection source, SourceFingerprint sourceAtStart, MigrationReportBuilder report, Activity? run, CancellationToken cancellationToken)
    {
        var runId = await ledger.StartAsync(snapshot.Sha256, snapshot.SourcePath, snapshot.Path, options.BadRows.ToString().ToLowerInvariant(), run?.Id, cancellationToken);
        report.RunId = runId;
        await PausePoints.ReachAsync(PausePoints.LedgerStarted, cancellationToken);
        try
        {
            var code = await CopyAsync(runId, snapshot.Sha256, ledger, source, report, cancellationToken);
            code = await RecordThenVerifyAsync(ledger, runId, code, report.CountsJson(), snapshot, report, cancellationToken);
            if (code == ExitCodes.Success && SourceFingerprint.Of(snapshot.SourcePath) != sourceAtStart)
            {
                // Taken before the snapshot, so a write during it counts too: a warning is cheap, a lost write is not.
                Log.SourceChangedDuringRun(logger, snapshot.SourcePath);
                report.SourceChangedDuringRun = true;
            }

            return await reportWriter.WriteAsync(report.Build(report.Outcome ?? "completed", code), cancellationToken);
        }
        catch (Exception e)
        {
            run.RecordFailure(e);
            if (!PostgresConnectionErrors.IsConnectionLoss(e))
            {
                // The copy's transaction rolled back: record why, on the ledger's own connection, even when cancelled.
                await RecordStopAsync(ledger, runId, report, e);
                if (committed && e is OperationCanceledException)
                {
                    throw new BaiInterruptedException($"Interrupted after the copy had committed; {(recorded ? "run the migrator again to verify it" : CommittedConsequence)}.", e);
                }

                var consequence = committed ? CommittedConsequence : "nothing of this run was committed";
                var sentence = PostgresConnectionErrors.Limit(e, dataSource.ConnectionString, consequence)
                    // Before the commit, the rollback removed the tables and indexes the copy had written.
                    ?? PostgresConnectionErrors.DiskFull(e, committed ? consequence : $"{consequence}, and its rollback gave back the space it had used", snapshot.Bytes);
                if (sentence is not null)
                {
                    throw new BaiEnvironmentException(sentence, e);
                }

                throw;
            }

            // The server went away (restart, crash, network): the ledger's connection went with it, and the next run
            // marks this one interrupted. Say what happened to the data in one sentence instead of a stack trace.
            throw new BaiEnvironmentException(PostgresConnectionErrors.Lost(e, dataSource.ConnectionString, committed
                ? CommittedConsequence
                : "nothing of this run was committed; run the migrator again when the server is available"), e);
        }
    }

    private async Task<int> CopyAsync(long runId, string sha256, RunLedger ledger, SqliteConnection source, MigrationReportBuilder report, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await StatementLimits.LiftAsync(connection, transaction, cancellationToken);

        DeferredConstraints deferred;
        // The steps that lock tables which exist already, and so may wait on another session (LockWaitWatch).
        await using (LockWaitWatch.Start(dataSource, connection.ProcessID, logger))
        {
            using (MigratorTelemetry.StartPhase("schema"))
            {
                await ledger.SetPhaseAsync(runId, "schema", cancellationToken);
                await schemaPhase.ApplyAsync(connection, transaction, cancellationToken);
                await PausePoints.ReachAsync(PausePoints.Schema, cancellationToken);
                await TargetOccupancy.TruncateAsync(connection, transaction, cancellationToken);
                await PausePoints.ReachAsync(PausePoints.Truncated, cancellationToken);
            }

            deferred = await DeferredConstraints.DropAsync(connection, transaction, cancellationToken);
        }

        var progress = new CopyProgress();
        var context = new CopyContext(options.BadRows, freeze: true, progress, new QuarantineStore(runId, options.BadRows == BadRowsPolicy.Quarantine),
            options.CopyReaders, options.RowsPerCopyReader);
        IReadOnlyList<TableResult> tables;
        using (MigratorTelemetry.StartPhase("copy"))
        {
            await ledger.SetPhaseAsync(runId, "copy", cancellationToken);
            await using var display = ProgressDisplay.Start(progress, logger, console);
            tables = await CopyPhase.RunAsync(context, source, connection, cancellationToken);
        }

        report.Tables = tables;
        report.Rejections = context.Rejections;
        if (context.Rejections.Total > 0 && options.BadRows == BadRowsPolicy.Fail)
        {
            await transaction.RollbackAsync(cancellationToken);
            // The rows that passed were read and checked, not loaded: the summary, the report and the ledger said
            // "migrated 79" of a run that loaded nothing.
            report.Tables = [.. tables.Select(t => t with { Migrated = 0 })];
            Log.RejectedUnderFail(logger, context.Rejections.Total);
            report.Outcome = $"refused: {Rows(context.Rejections.Total)} cannot be loaded faithfully; nothing was loaded (see the report, or run with --bad-rows quarantine)";
            return ExitCodes.DataProblems;
        }

        using (MigratorTelemetry.StartPhase(MigratorTelemetry.FinishSteps.Phase))
        {
            await ledger.SetPhaseAsync(runId, "finish", cancellationToken);
            await finishPhase.RunAsync(connection, transaction, deferred, tables, AutoincrementSequences.Read(source), cancellationToken);
            // The data's provenance commits with the data (see RunLedger.RecordLoadAsync).
            await RunLedger.RecordLoadAsync(connection, transaction, runId, sha256, cancellationToken);
        }

        using (MigratorTelemetry.StartPhase("commit"))
        {
            // With wal_level=minimal the tables and indexes the transaction wrote are flushed to disk here.
            await transaction.CommitAsync(cancellationToken);
            committed = true;
        }

        await PausePoints.ReachAsync(PausePoints.Committed, cancellationToken);

        using (MigratorTelemetry.StartPhase("check"))
        {
            await ledger.SetPhaseAsync(runId, "check", cancellationToken);
            var mismatches = await CountCheck.RunAsync(source, connection, runId, cancellationToken);
            report.CountMismatches = mismatches;
            if (mismatches.Count > 0)
            {
                report.Outcome = "count check failed: source rows differ from migrated + rejected rows";
                return ExitCodes.DataProblems;
            }
        }

        report.Outcome = context.Rejections.Total > 0
            ? $"completed with {Rows(context.Rejections.Total)} quarantined in {Bai.Core.Schema.BaiSchema.ToolSchema}.rejected_rows"
            : "completed";
        return ExitCodes.Success;
    }
}
