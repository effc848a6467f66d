namespace Bai.Verifier;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Ledger;
using Bai.Core.Postgres;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
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
        var source = await VerificationSource.ResolveAsync(connection, options.SqlitePath, cancellationToken);
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
                await CheckScheduler.RunAsync(options.Checks, context, checkSource: !options.SourceStructureChecked, recordedSha256, logger, cancellationToken);
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
                throw SqliteIntegrity.Unreadable(source.SqlitePath, damaged, CheckScheduler.SourceCannotVouch);
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
    }
}
