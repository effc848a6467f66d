namespace Bai.Migrator.Pipeline;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Postgres;
using Bai.Core.Sqlite;
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
            Log.ObjectsLeftBehind(logger, report.LeftBehind.Count, string.Join(", ", report.LeftBehind.Select(o => o.Describe())));
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
            return await ConfirmKeptLoadAsync(load?.RunId ?? previous!.Id, previous, ledger, ledgerConnection, snapshot, source, upgrades, report, cancellationToken);
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

        return await LoadAsync(ledger, snapshot, source, sourceAtStart, report, run, cancellationToken);
    }

    private static string Rows(long count) => Counted.Of(count, "row");

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
