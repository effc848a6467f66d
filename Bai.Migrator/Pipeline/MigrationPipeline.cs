namespace Bai.Migrator.Pipeline;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Postgres;
using Bai.Core.Sqlite;
using Bai.Migrator.Copy;
using Bai.Migrator.Reporting;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// The guide's steps in its order: snapshot, connect, schema, copy, finish, check (then verify). Each phase is a
/// span under the run's span; the ledger records the phase reached, on its own connection.
/// </summary>
internal sealed partial class MigrationPipeline(
    MigratorOptions options,
    NpgsqlDataSource dataSource,
    SnapshotPhase snapshotPhase,
    SchemaPhase schemaPhase,
    FinishPhase finishPhase,
    MigrationVerification verification,
    ReportWriter reportWriter,
    Spectre.Console.IAnsiConsole console,
    ILogger<MigrationPipeline> logger)
{
    /// <summary>What an error after the commit means for the data, whatever the error.</summary>
    private const string CommittedConsequence = "the copy had committed; run the migrator again to check and verify it";

    /// <summary>The ledger's word for a run interrupted after its commit (as the next run words one it finds running).</summary>
    private const string InterruptedAfterCommit = "interrupted after its copy committed, before the run finished; the next run of the same snapshot checks it";

    /// <summary>The ledger's message for a copied run until its verification ends (what stays after a kill during it).</summary>
    private const string NotYetVerified = "the verification has not finished";

    /// <summary>Whether this run's copy transaction committed (what a lost connection then means for the data).</summary>
    private bool committed;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            // Connecting worked, but creating the ledger's schema or the application's tables did not: an environment
            // fault (data-rules.md, "missing privileges"; or a read-only target such as a replica), one sentence and
            // exit 3, not an unexpected crash.
            throw new BaiEnvironmentException(PostgresConnectionErrors.Describe(e, dataSource.ConnectionString)!, e);
        }
        catch (PostgresException e) when (PostgresConnectionErrors.StatementPooler(e, dataSource.ConnectionString) is { } sentence)
        {
            // Its first transaction (the run lock's) is refused, before anything is written.
            throw new BaiEnvironmentException(sentence, e);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DiskFull)
        {
            // Before the copy's run began (the ledger's own tables); a full disk during the run is named in RunStepsAsync.
            throw new BaiEnvironmentException(PostgresConnectionErrors.DiskFull(e, "nothing of this run was committed", new FileInfo(options.SqlitePath).Length)!, e);
        }
    }

    private async Task<int> RunStepsAsync(CancellationToken cancellationToken)
    {
        using var timings = new StepTimings();
        using var run = MigratorTelemetry.Source.StartActivity("migrate", ActivityKind.Internal);
        timings.Follow(run);
        var report = new MigrationReportBuilder(options) { Timings = timings };

        reportWriter.EnsureWritable();
        var sourceAtStart = SourceFingerprint.Of(Path.GetFullPath(options.SqlitePath));
        Snapshot snapshot;
        using (MigratorTelemetry.StartPhase("snapshot"))
        {
            snapshot = await snapshotPhase.TakeAsync(options.SqlitePath, Path.Combine(options.StateFolder, "backups"), options.SourceLockWait, cancellationToken);
            report.Snapshot = snapshot;
            MigratorTelemetry.BytesRead.Add(snapshot.Bytes);
            run?.SetTag("bai.snapshot.sha256", snapshot.Sha256);
        }

        // SQLite's structure check of the snapshot runs beside the connection and the ledger's first steps (one core,
        // the file in the page cache since the snapshot): a damaged table reads without an error, only fewer rows.
        var integrity = Task.Run(() => SqliteIntegrity.EnsureSound(snapshot.Path, "nothing was loaded", shownAs: snapshot.SourcePath), cancellationToken);
        await using var ledgerConnection = await ConnectAsync(cancellationToken);
        DatabaseEncoding.EnsureUtf8(ledgerConnection);
        await SearchPath.EnsureSchemaAsync(ledgerConnection, cancellationToken);
        await IdleSessionLimit.LiftAsync(ledgerConnection, cancellationToken);
        // On a connection of its own (no phase span: the ledger's connection above is the run's connection check).
        var (runLock, holder) = await RunLock.TryTakeAsync(await PostgresConnectionErrors.OpenAsync(dataSource, cancellationToken), logger, cancellationToken);
        await using var heldForThisRun = runLock
            ?? throw new BaiEnvironmentException($"Another Bai.Migrator is migrating into this database right now ({holder}); wait for it to finish.");
        var ledger = new RunLedger(ledgerConnection);

        await ledger.EnsureCreatedAsync(cancellationToken);
        // One that had committed is said below, where this run recognises its rows (1205); "starts it over" would be false.
        if (await ledger.MarkStaleRunsInterruptedAsync(cancellationToken) is { BeforeCommit: > 0 })
        {
            Log.ResumingAfterInterruption(logger);
        }

        await integrity;
        using var source = SqliteFile.OpenForRows(snapshot.Path, shownAs: snapshot.SourcePath);
        DroppedNames.Check(source, options.Dropped, logger);
        var drift = LegacySchemaInspector.Inspect(source, options.Dropped, options.ExpectedAlembicVersion);
        if (drift.Count > 0)
        {
            report.Drift = drift;
            foreach (var finding in drift)
            {
                Log.Drift(logger, finding.Table, finding.Detail);
            }

            return await reportWriter.WriteAsync(report.Build("refused: schema drift", ExitCodes.DataProblems), cancellationToken);
        }

        if (ApplicationCollations.Find(source) is { Count: > 0 } collations)
        {
            Log.CollationsStoodIn(logger, string.Join(", ", collations));
        }

        // Without drift, every table and column outside the model is one --drop named: said with what it held, as the
        // report and the verifier's outcome say it (nothing is lost silently, data-rules.md, even on purpose).
        report.Dropped = OutsideTheModel.Find(source);
        foreach (var dropped in report.Dropped)
        {
            Log.LeftBehindOnPurpose(logger, dropped.ToString());
        }

        report.LeftBehind = ObjectsLeftBehind.Find(source, options.Dropped);
        if (report.LeftBehind.Count > 0)
        {
            Log.ObjectsLeftBehind(logger, report.LeftBehind.Count, string.Join(", ", report.LeftBehind.Select(o => $"{o.Type} {o.Name} on {o.Table}")));
        }

        // A copied run (its verification unfinished) loaded its rows as a completed one did: the rerun counts and verifies them.
        var previous = await RunLedger.LatestCopiedAsync(ledgerConnection, cancellationToken);
        var load = await RunLedger.LatestLoadAsync(ledgerConnection, cancellationToken);
        IReadOnlyDictionary<string, long> occupancy;
        await using (LockWaitWatch.Start(dataSource, ledgerConnection.ProcessID, logger))
        {
            // A session holding a table ACCESS EXCLUSIVE (a schema change, VACUUM FULL) stops even this read.
            occupancy = await TargetOccupancy.CountAsync(ledgerConnection, null, cancellationToken);
        }

        var holdsData = occupancy.Values.Any(c => c > 0);
        // What the tables hold is what the newest load committed (targets loaded before loads were recorded: the newest completed run).
        var loadedSha256 = load?.SnapshotSha256 ?? previous?.SnapshotSha256;
        var keepsThisSnapshotsRows = holdsData && !options.Reset && await snapshotPhase.HoldsContentOfAsync(snapshot, loadedSha256, cancellationToken);
        IReadOnlyList<string> upgrades = keepsThisSnapshotsRows ? await UpgradeLoadedSchemaAsync(cancellationToken) : [];
        if (keepsThisSnapshotsRows && load is not null && !(previous?.Id >= load.RunId))
        {
            // Killed after the copy committed but before the ledger said so: the data is this snapshot's, finish the run.
            return await FinishCommittedLoadAsync(load, ledger, ledgerConnection, snapshot, source, report, cancellationToken);
        }

        if (keepsThisSnapshotsRows)
        {
            var loadedBy = load?.RunId ?? previous!.Id;
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

        if (holdsData && !options.Reset)
        {
            var tables = string.Join(", ", occupancy.Where(o => o.Value > 0).Select(o => $"{o.Key} ({Rows(o.Value)})"));
            // Which run loaded it, and from which file, is what a user needs to decide on --reset.
            var loadedBy = load is null
                ? previous is null ? "" : $"; migration run {previous.Id} loaded {previous.SourcePath} into it"
                : previous?.Id == load.RunId ? $"; migration run {load.RunId} loaded {previous.SourcePath} into it" : $"; migration run {load.RunId} loaded it";
            throw new BaiEnvironmentException(
                $"The target database already holds data that no completed run of this snapshot loaded ({tables}{loadedBy}); run with --reset to replace it, or point ConnectionStrings:bai-db at an empty database.");
        }

        var runId = await ledger.StartAsync(snapshot.Sha256, snapshot.SourcePath, snapshot.Path, options.BadRows.ToString().ToLowerInvariant(), run?.Id, cancellationToken);
        report.RunId = runId;
        await PausePoints.ReachAsync(PausePoints.LedgerStarted, cancellationToken);
        var recorded = false;
        try
        {
            var code = await CopyAsync(runId, snapshot.Sha256, ledger, source, report, cancellationToken);
            var verifying = code == ExitCodes.Success && !options.NoVerify;
            await ledger.FinishAsync(runId, Status(code, verifying), report.CountsJson(), verifying ? $"{report.Outcome}; {NotYetVerified}" : report.Outcome, CancellationToken.None);
            recorded = true;
            if (verifying)
            {
                await ledger.SetPhaseAsync(runId, "verify", cancellationToken);
                await PausePoints.ReachAsync(PausePoints.Verify, cancellationToken);
                code = await VerifyAsync(snapshot, report, report.Outcome ?? "completed", CommittedUnverified, cancellationToken);
                await ledger.CompleteVerifiedAsync(runId, report.Outcome ?? "completed", CancellationToken.None);
            }

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
            // The copy's transaction rolled back: record why, on the ledger's own connection, even when cancelled.
            var status = e is OperationCanceledException ? RunRecord.Interrupted : RunRecord.Failed;
            if (!PostgresConnectionErrors.IsConnectionLoss(e))
            {
                // A run the ledger already recorded keeps its status: a copied one (stopped while verifying) says why.
                if (!recorded)
                {
                    await ledger.FinishAsync(runId, status, null, committed && e is OperationCanceledException ? InterruptedAfterCommit : e.Message, CancellationToken.None);
                }
                else
                {
                    await RecordVerificationStoppedAsync(ledger, runId, report.Outcome ?? "completed", e);
                }

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

    private static string Rows(long count) => Counted.Of(count, "row");

    /// <summary>The ledger's status once the copy and its count check are done: copied while a verification is to come (see <see cref="RunRecord.Copied"/>).</summary>
    private static string Status(int code, bool verifying) => code != ExitCodes.Success ? RunRecord.Failed : verifying ? RunRecord.Copied : RunRecord.Completed;

    /// <summary>
    /// A copied run whose verification stopped stays copied, and its message says why. Best effort: when the
    /// verification stopped because the server went away, the ledger's connection went too, and the message it
    /// already has ("the verification has not finished") is still true; the error that stopped it is what surfaces.
    /// </summary>
    private static async Task RecordVerificationStoppedAsync(RunLedger ledger, long runId, string outcome, Exception e)
    {
        try
        {
            await ledger.VerificationStoppedAsync(runId, $"{outcome}; the verification did not finish: {(e is OperationCanceledException ? "interrupted" : e.Message)}", CancellationToken.None);
        }
        catch (Exception ledgerError) when (ledgerError is NpgsqlException or InvalidOperationException)
        {
        }
    }

    /// <summary>The count check of a rerun that copies nothing: a session in its way is named, and a limit or a lost
    /// connection is one sentence, as in the copy's own steps.</summary>
    private async Task<IReadOnlyList<CountMismatch>> CountLoadedRowsAsync(
        Microsoft.Data.Sqlite.SqliteConnection source, NpgsqlConnection ledgerConnection, long loadedBy, CancellationToken cancellationToken)
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

    private const string CommittedUnverified =
        "the copy had committed, so the target holds this snapshot's rows, but their verification did not finish (run the migrator again to verify them: nothing is copied twice)";

    private const string NothingCopiedUnverified =
        "the target holds this snapshot's rows from an earlier run, but their verification did not finish (run the migrator again to verify them)";

    /// <summary>
    /// The step "verify". A verification the environment stops (a connection limit, a statement_timeout, a full disk)
    /// ends the run with exit 3 and its sentence, which says what the target holds: after a committed copy, "the target
    /// is as it was" would be false. The migration report is written all the same: the run loaded, and it records what.
    /// </summary>
    private async Task<int> VerifyAsync(Snapshot snapshot, MigrationReportBuilder report, string outcome, string unfinished, CancellationToken cancellationToken)
    {
        try
        {
            return await verification.RunAsync(snapshot.Path, unfinished, cancellationToken);
        }
        catch (BaiEnvironmentException e)
        {
            await reportWriter.WriteAsync(report.Build($"{outcome}; the verification did not finish", ExitCodes.Environment), CancellationToken.None);
            // Sentences about the verification itself say what it left (VerifierOptions.Unfinished, and the verifier
            // flags them); one about the connection it could not open does not, and must not leave a committed copy unsaid.
            if (e.SaysConsequence)
            {
                throw;
            }

            throw new BaiEnvironmentException($"{e.Message.TrimEnd('.')}; {unfinished}.", e);
        }
    }

    /// <summary>
    /// The run that loaded this snapshot committed its rows but never finished (killed between its commit and the
    /// ledger's "completed"): check them as that run would have, record the outcome, and verify, without copying again.
    /// </summary>
    private async Task<int> FinishCommittedLoadAsync(
        LoadRecord load, RunLedger ledger, NpgsqlConnection ledgerConnection, Snapshot snapshot, Microsoft.Data.Sqlite.SqliteConnection source, MigrationReportBuilder report, CancellationToken cancellationToken)
    {
        Log.FinishingCommittedLoad(logger, load.RunId, snapshot.Sha256);
        var runId = await ledger.StartAsync(snapshot.Sha256, snapshot.SourcePath, snapshot.Path, options.BadRows.ToString().ToLowerInvariant(), Activity.Current?.Id, cancellationToken);
        report.RunId = runId;
        var recorded = false;
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
            var verifying = code == ExitCodes.Success && !options.NoVerify;
            await ledger.FinishAsync(runId, Status(code, verifying), null, verifying ? $"{report.Outcome}; {NotYetVerified}" : report.Outcome, CancellationToken.None);
            recorded = true;
            if (verifying)
            {
                await ledger.SetPhaseAsync(runId, "verify", cancellationToken);
                code = await VerifyAsync(snapshot, report, report.Outcome, CommittedUnverified, cancellationToken);
                await ledger.CompleteVerifiedAsync(runId, report.Outcome, CancellationToken.None);
            }

            return await reportWriter.WriteAsync(report.Build(report.Outcome, code), cancellationToken);
        }
        catch (Exception e)
        {
            Activity.Current.RecordFailure(e);
            if (recorded)
            {
                await RecordVerificationStoppedAsync(ledger, runId, report.Outcome ?? "completed", e);
            }
            else
            {
                await ledger.FinishAsync(runId, e is OperationCanceledException ? RunRecord.Interrupted : RunRecord.Failed, null, e.Message, CancellationToken.None);
            }

            throw;
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

    private async Task<int> CopyAsync(long runId, string sha256, RunLedger ledger, Microsoft.Data.Sqlite.SqliteConnection source, MigrationReportBuilder report, CancellationToken cancellationToken)
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

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var span = MigratorTelemetry.StartPhase("connect");
        return await PostgresConnectionErrors.OpenAsync(dataSource, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Warning, "A previous run was interrupted before it finished; nothing of its copy was committed, so this run starts it over")]
        public static partial void ResumingAfterInterruption(ILogger logger);

        [LoggerMessage(1202, LogLevel.Error, "Schema drift in {Table}: {Detail}")]
        public static partial void Drift(ILogger logger, string table, string detail);

        [LoggerMessage(1212, LogLevel.Warning, "The source {SourcePath} changed while this run read its snapshot (its size or last write time, or its -wal's): anything written to it after the snapshot is not in the target; stop the application writing to it, and run the migrator again with --reset for the cutover")]
        public static partial void SourceChangedDuringRun(ILogger logger, string sourcePath);

        [LoggerMessage(1203, LogLevel.Information, "Run {RunId} already migrated snapshot {Sha256} and the target holds it: nothing to do")]
        public static partial void NothingToDo(ILogger logger, long runId, string sha256);

        [LoggerMessage(1205, LogLevel.Warning, "Run {RunId} committed snapshot {Sha256} but was interrupted before it finished; checking what it loaded instead of copying again")]
        public static partial void FinishingCommittedLoad(ILogger logger, long runId, string sha256);

        [LoggerMessage(1209, LogLevel.Warning, "Left behind on purpose (--drop), not migrated: {Dropped}")]
        public static partial void LeftBehindOnPurpose(ILogger logger, string dropped);

        [LoggerMessage(1210, LogLevel.Warning,
            "{Count} views, triggers or indexes of the file are not in legacy-bai-sqlite.sql and are not carried over to PostgreSQL: {Objects}; " +
            "no row is lost, but rebuild on PostgreSQL what the application relies on (the report lists their SQLite SQL)")]
        public static partial void ObjectsLeftBehind(ILogger logger, int count, string objects);

        [LoggerMessage(1211, LogLevel.Warning,
            "The file's schema names collations its application registers ({Collations}), which SQLite here lacks; the tools read rows without them and compare byte by byte, as the target's keys do, so what the application relied on them for (case-insensitive matching or ordering) is not carried over")]
        public static partial void CollationsStoodIn(ILogger logger, string collations);

        [LoggerMessage(1204, LogLevel.Error, "{Rejected} rows cannot be loaded faithfully; under --bad-rows fail nothing was loaded")]
        public static partial void RejectedUnderFail(ILogger logger, long rejected);
    }
}
