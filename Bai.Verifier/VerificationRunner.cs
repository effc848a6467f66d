namespace Bai.Verifier;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Postgres;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Verifier.Checks;
using Bai.Verifier.Reporting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Runs the chosen checks (content first, then the others at once) against the source the ledger names (or --sqlite), writes the report and returns
/// the exit code: 0 everything holds, 2 any difference; environment problems surface as
/// <see cref="BaiEnvironmentException"/> (exit 3), anything else as an exception (exit 1).
/// </summary>
internal sealed partial class VerificationRunner(
    NpgsqlDataSource dataSource,
    TargetSessions sessions,
    IServiceScopeFactory scopes,
    VerificationReportWriter reportWriter,
    ILogger<VerificationRunner> logger)
{
    public async Task<int> RunAsync(VerifierOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return await VerifyAsync(options, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            // An application still writing to a --sqlite file: SQLite's "database is locked" was an unexpected error, exit 1.
            var source = options.SqlitePath is null ? "snapshot of the last completed migration run" : $"source '{options.SqlitePath}'";
            var instead = options.SqlitePath is null ? "" : ", or verify against the run's snapshot, which nothing writes (leave out --sqlite)";
            throw new BaiEnvironmentException(
                $"The SQLite {source} is locked by a writer that did not finish within {SqliteFile.DefaultBusyTimeout.TotalSeconds:0} s, so {options.Unfinished}; stop the application writing to it{instead}.", e)
            {
                SaysConsequence = true,
            };
        }
    }

    private async Task<int> VerifyAsync(VerifierOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await using var connection = await PostgresConnectionErrors.OpenAsync(dataSource, cancellationToken);
        var source = await ResolveSourceAsync(connection, options.SqlitePath, cancellationToken);
        // After the source is known, before any check: a run refused at once (no completed migration run, no
        // snapshot, no server) leaves no empty report folder behind in the working directory.
        VerificationReportWriter.EnsureWritable(options.ReportPath, options.StateFolder);
        using var root = VerifierTelemetry.StartRun(source.Run?.TraceParent);
        root?.SetTag("bai.run.id", source.Run?.Id);
        root?.SetTag("bai.sqlite.path", source.SqlitePath);
        try
        {
            await SearchPath.EnsureSchemaAsync(connection, cancellationToken);
            await EnsureTargetTablesAsync(connection, cancellationToken);
            // The rows the target lacks on purpose are those the run that loaded it quarantined. The ledger's newest run
            // may be another: one that finished a load killed after its commit, whose rejected rows are the killed run's.
            var loadedBy = (await RunLedger.LatestLoadAsync(connection, cancellationToken))?.RunId ?? source.Run?.Id;
            var quarantine = await Quarantine.LoadAsync(connection, loadedBy, cancellationToken);
            var accounts = await AccountSample.LoadAsync(connection, cancellationToken);
            Log.Verifying(logger, source.SqlitePath,
                loadedBy is { } loaded ? $"the rows migration run {loaded} quarantined ({quarantine.Total})" : "no migration run's quarantine",
                string.Join(",", options.Checks.Order().Select(c => c.Key())));

            var context = new VerificationContext(source, quarantine, accounts, dataSource, scopes, new FindingCollector(logger));
            // Idle while the checks run, as the lock-wait watch's lookout: a database's idle_session_timeout ended it
            // there, and the watch fell silent. (Its pg_settings scan may spill to a full temp_tablespaces: inside the
            // try, so that is the run's one sentence.)
            await IdleSessionLimit.LiftAsync(connection, cancellationToken);
            // Any check may wait behind a session holding a table (a schema change, VACUUM FULL, a migrator's --reset,
            // an application's uncommitted write in the CRUD check's way): named from this connection, idle meanwhile.
            await using (LockWaitWatch.Start(connection, sessions, logger))
            {
                // The migrator's own verification has just hashed and checked its snapshot; a standalone run checks the
                // file it reads, and the ledger's snapshot against the hash its run recorded.
                var recordedSha256 = options.SqlitePath is null ? source.Run?.SnapshotSha256 : null;
                await RunChecksAsync(CreateChecks(options.Checks), context, checkSource: !options.SourceStructureChecked, recordedSha256, cancellationToken);
            }

            var findings = context.Findings;
            var code = findings.Total == 0 && context.Results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.DataProblems;
            var failing = context.Results.Where(r => !r.Passed).Select(r => r.Check).Distinct(StringComparer.Ordinal).Count();
            var outcome = code != ExitCodes.Success
                ? $"differences found: {Counted.Of(findings.Total, "finding")} in {Counted.Of(failing, "check")}"
                : options.Checks.Count == VerifierChecks.All.Count
                    ? "verified: PostgreSQL holds exactly what the source held"
                    // A subset proves what it checked, not the whole claim.
                    : $"verified: no difference in the checks run ({string.Join(", ", options.Checks.Order().Select(c => c.Key()))}); the others were not run";

            // What the migrator's --drop left behind is not BAI data and is not compared; "exactly what the source
            // held" must not pass over it in silence.
            IReadOnlyList<OutsideTheModel> notCompared;
            using (var sqlite = SqliteFile.OpenForRows(source.SqlitePath))
            {
                notCompared = OutsideTheModel.Find(sqlite);
            }

            if (notCompared.Count > 0)
            {
                outcome += $"; outside the BAI model, not compared: {string.Join(", ", notCompared)}";
            }

            if (code != ExitCodes.Success && options.SqlitePath is not null && source.Run is { } run
                && !string.Equals(await FileSha256.ComputeAsync(source.SqlitePath, cancellationToken), run.SnapshotSha256, StringComparison.OrdinalIgnoreCase))
            {
                // The likeliest cause of differences when a file is given: the live file, changed since it was
                // migrated. Hashed only then, so a passing verification of a large file pays nothing for it.
                outcome += $"; the file compared is not the snapshot migration run {run.Id} loaded (its SHA-256 differs), so differences may be changes made to the file since; that run's snapshot is {run.SnapshotPath}";
            }
            root?.SetTag("bai.findings", findings.Total);
            if (code != ExitCodes.Success)
            {
                root?.SetStatus(ActivityStatusCode.Error, outcome);
            }

            var report = new VerificationReport(
                started, DateTimeOffset.UtcNow, source.SqlitePath, source.Run?.Id, source.Run?.SnapshotPath, source.Run?.SnapshotSha256,
                [.. options.Checks.Order().Select(c => c.Key())], context.Results, findings.Total, findings.Omitted, findings.Kept, outcome, code, notCompared)
            {
                Target = TargetName.Of(dataSource.ConnectionString),
            };
            await reportWriter.WriteAsync(report, options.ReportPath, options.StateFolder, cancellationToken);
            return code;
        }
        catch (Exception e)
        {
            root.RecordFailure(e);
            var consequence = options.Unfinished;
            if (e is SqliteException damaged && SqliteFile.IsDamaged(damaged))
            {
                // A page SQLite refuses to read (a bad sector), met by whichever check read it first: said as the
                // damage it is, with what the quick_check finds.
                throw SqliteIntegrity.Unreadable(source.SqlitePath, damaged, SourceCannotVouch);
            }

            if (e is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
            {
                // A table the verifier's role may not read (one recreated by another owner): a sentence, not exit 1.
                throw new BaiEnvironmentException(PostgresConnectionErrors.Describe(e, dataSource.ConnectionString)!, e);
            }

            if ((PostgresConnectionErrors.Limit(e, dataSource.ConnectionString, consequence)
                ?? PostgresConnectionErrors.TemporaryFilesFull(e, consequence)) is { } sentence)
            {
                throw new BaiEnvironmentException(sentence, e) { SaysConsequence = true };
            }

            if (PostgresConnectionErrors.StatementPooler(e, dataSource.ConnectionString) is { } pooler)
            {
                // Refused before any check ran ("Nothing was written"), in words of its own.
                throw new BaiEnvironmentException(pooler, e);
            }

            throw;
        }
    }

    /// <summary>The chosen checks, schema and content first. The report lists results and findings in <see cref="VerifierChecks.All"/> order regardless.</summary>
    private static List<IVerificationCheck> CreateChecks(IReadOnlySet<VerifierCheck> selected)
    {
        IVerificationCheck[] all =
        [
            new SchemaCheck(), new ContentCheck(), new CountsCheck(), new ReferencesCheck(), new IsolationCheck(),
            new SequencesCheck(), new CrudCheck(), new PlansCheck(),
        ];
        return [.. all.Where(c => selected.Contains(c.Check))];
    }

    /// <summary>
    /// Content first, with only the schema check beside it (catalog queries, milliseconds of the server): its scans
    /// keep both cores busy, and what they count on the way (rows, largest ids, the sampled accounts' ids) spares the
    /// checks after it their own scans. Then all the others at the same time, each on connections of its own: one by
    /// one, their server-side joins and scans left a core idle for about a third of their 13 s at 6M rows (issue 7).
    /// None of them writes anything another can see: CRUD rolls back. The first failure stops the others and is the
    /// one that surfaces.
    /// </summary>
    private async Task RunChecksAsync(
        List<IVerificationCheck> checks, VerificationContext context, bool checkSource, string? recordedSha256, CancellationToken cancellationToken)
    {
        static bool First(IVerificationCheck c) => c.Check is VerifierCheck.Content or VerifierCheck.Schema;
        await RunTogetherAsync(checks.Where(First), context, cancellationToken);

        // SQLite's structure check of the source, beside the checks that leave a core idle: a table that lost a child
        // page reads without an error, only fewer rows, and every comparison with it would agree with a target loaded
        // from it. Whatever the checks find, such a source cannot vouch for the target.
        var integrity = checkSource
            ? Task.Run(
                async () =>
                {
                    SqliteIntegrity.EnsureSound(context.Source.SqlitePath, SourceCannotVouch);
                    if (recordedSha256 is not null)
                    {
                        await SnapshotHash.EnsureUnchangedAsync(context.Source.SqlitePath, context.Source.Run!.Id, recordedSha256, cancellationToken);
                    }
                },
                cancellationToken)
            : Task.CompletedTask;
        await RunTogetherAsync(checks.Where(c => !First(c)), context, cancellationToken);
        await integrity;
    }

    private const string SourceCannotVouch = "no comparison with it can vouch for the target";

    /// <summary>Runs <paramref name="checks"/> at the same time; the first failure cancels the others and is the one rethrown.</summary>
    private async Task RunTogetherAsync(IEnumerable<IVerificationCheck> checks, VerificationContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? firstFailure = null;
        var running = checks.Select(async check =>
        {
            try
            {
                await RunCheckAsync(check, context, stop.Token);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref firstFailure, e, null);
                await stop.CancelAsync();
                throw;
            }
        }).ToList();

        try
        {
            await Task.WhenAll(running);
        }
        catch when (firstFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(firstFailure);
        }
    }

    private async Task RunCheckAsync(IVerificationCheck check, VerificationContext context, CancellationToken cancellationToken)
    {
        using var span = VerifierTelemetry.StartCheck(check.Check);
        var clock = Stopwatch.StartNew();
        var before = context.Findings.CountFor(check.Check.Key());
        try
        {
            await check.RunAsync(context, cancellationToken);
        }
        catch (Exception e)
        {
            span.RecordFailure(e);
            throw;
        }

        var found = context.Findings.CountFor(check.Check.Key()) - before;
        span?.SetTag("bai.findings", found);
        if (found > 0)
        {
            span?.SetStatus(ActivityStatusCode.Error, $"{found} findings");
        }

        VerifierTelemetry.CheckDuration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("check", check.Check.Key()));
        Log.CheckDone(logger, check.Check.Key(), found, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// By default the snapshot of the last run whose copy the target holds, verified (completed) or not (copied: the
    /// migrator's own verification step, and a run whose verification did not finish); --sqlite overrides the file.
    /// </summary>
    private static async Task<VerificationSource> ResolveSourceAsync(NpgsqlConnection connection, string? sqlitePath, CancellationToken cancellationToken)
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

    private static async Task EnsureTargetTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var existing = await TargetTables.ExistingAsync(connection, null, cancellationToken);
        var missing = BaiSchema.AllTables.Select(t => t.Name).Except(existing).ToList();
        if (missing.Count > 0)
        {
            throw new BaiEnvironmentException(
                $"The target database has no BAI table {string.Join(", ", missing)}; it was never migrated: run Bai.Migrator first, or point ConnectionStrings:bai-db at the migrated database.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2002, LogLevel.Information, "Verifying against {SqlitePath}, with {Quarantine}: checks {Checks}")]
        public static partial void Verifying(ILogger logger, string sqlitePath, string quarantine, string checks);

        [LoggerMessage(2003, LogLevel.Information, "Check {Check}: {Findings} findings in {Seconds:0.00} s")]
        public static partial void CheckDone(ILogger logger, string check, long findings, double seconds);
    }
}
