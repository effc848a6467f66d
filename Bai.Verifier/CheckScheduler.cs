namespace Bai.Verifier;

using System.Diagnostics;
using Bai.Core.Sqlite;
using Bai.Verifier.Checks;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs the checks a verification was asked for, in two rounds of checks at the same time (<see cref="RunAsync"/>), each
/// in its own span, timed, with its "Check ...: N findings" line; and SQLite's structure check of the source beside
/// them. It writes through <see cref="VerificationRunner"/>'s logger, so those lines keep the runner's category, which
/// a user's Logging:LogLevel settings name.
/// </summary>
internal static partial class CheckScheduler
{
    /// <summary>What a damaged source means for the report: said by the structure check here, and by the runner when a
    /// check met the damage first.</summary>
    public const string SourceCannotVouch = "no comparison with it can vouch for the target";

    /// <summary>
    /// Content first, with only the schema check beside it (catalog queries, milliseconds of the server): its scans
    /// keep both cores busy, and what they count on the way (rows, largest ids, the sampled accounts' ids) spares the
    /// checks after it their own scans. Then all the others at the same time, each on connections of its own: one by
    /// one, their server-side joins and scans left a core idle for about a third of their 13 s at 6M rows (issue 7).
    /// None of them writes anything another can see (CRUD rolls back) but the identities' positions, which the CRUD
    /// check's inserts move on: it starts once the sequences check has read them (<see cref="IVerificationCheck.After"/>).
    /// The first failure stops the others and is the one that surfaces.
    /// </summary>
    public static async Task RunAsync(
        IReadOnlySet<VerifierCheck> selected, VerificationContext context, bool checkSource, string? recordedSha256, ILogger logger, CancellationToken cancellationToken)
    {
        var checks = CreateChecks(selected);
        static bool First(IVerificationCheck c) => c.Check is VerifierCheck.Content or VerifierCheck.Schema;
        await RunTogetherAsync(checks.Where(First), context, logger, cancellationToken);

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
        await RunTogetherAsync(checks.Where(c => !First(c)), context, logger, cancellationToken);
        await integrity;
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
    /// Runs <paramref name="checks"/> at the same time, each after those of them it must follow; the first failure
    /// cancels the others and is the one rethrown.
    /// </summary>
    private static async Task RunTogetherAsync(IEnumerable<IVerificationCheck> checks, VerificationContext context, ILogger logger, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? firstFailure = null;
        var chosen = checks.ToList();
        var finished = chosen.ToDictionary(c => c.Check, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var running = chosen.Select(async check =>
        {
            try
            {
                await Task.WhenAll(check.After.Where(finished.ContainsKey).Select(c => finished[c].Task));
                await RunCheckAsync(check, context, logger, stop.Token);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref firstFailure, e, null);
                await stop.CancelAsync();
                throw;
            }
            finally
            {
                finished[check.Check].TrySetResult();
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

    private static async Task RunCheckAsync(IVerificationCheck check, VerificationContext context, ILogger logger, CancellationToken cancellationToken)
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

    private static partial class Log
    {
        [LoggerMessage(2003, LogLevel.Information, "Check {Check}: {Findings} findings in {Seconds:0.00} s")]
        public static partial void CheckDone(ILogger logger, string check, long findings, double seconds);
    }
}
