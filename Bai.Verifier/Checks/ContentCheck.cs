namespace Bai.Verifier.Checks;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Core.Values;
using Bai.Verifier.Checks.Content;
using Bai.Verifier.Reporting;

/// <summary>
/// Check 2: a checksum per table and account over the canonical values of every column (<see cref="RowHasher"/>,
/// <see cref="TableChecksum"/>: order-independent, so each side is read in its cheapest order), SQLite and
/// PostgreSQL streamed at the same time on two threads. Only where an account's checksums differ does it go back,
/// for that account alone, to name the ids and columns (<see cref="AccountDrillDown"/>).
/// </summary>
internal sealed class ContentCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.Content;

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var sourceTask = Task.Factory.StartNew(
            () => SourceScanner.ScanAll(context, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var targetTask = Task.Factory.StartNew(
            () => TargetScanner.ScanAllAsync(context, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        try
        {
            await Task.WhenAll(sourceTask, targetTask);
        }
        catch (UnreadableTargetException e)
        {
            // Nothing is published: the checks after this one read the target with their own queries.
            context.AddFinding(Check, e.Table, null, null, null, null, null, e.Message + "; its content was not compared");
            context.AddResult(new CheckResult(Check.Key(), e.Table, false, "not compared", "unreadable as the model defines it"));
            return;
        }

        var scan = await sourceTask;
        var source = scan.Checksums;
        var target = await targetTask;
        context.PublishScans(new ScannedRowCounts(scan.RowCounts, TargetCounts(target)), scan.SampledIds, target.ToDictionary(t => t.Key, t => t.Value.MaxId));

        using var sqlite = context.OpenSource();
        await using var postgres = await context.OpenWholeTableTargetAsync(cancellationToken);
        foreach (var table in BaiSchema.AllTables)
        {
            using var span = VerifierTelemetry.StartTable(Check, table.Name);
            var sourceSums = source[table.Name].ByAccount;
            var targetSums = target[table.Name].Checksums.ByAccount;
            var differing = sourceSums.Keys.Union(targetSums.Keys)
                .Where(a => !Equals(sourceSums.GetValueOrDefault(a), targetSums.GetValueOrDefault(a)))
                .Order(StringComparer.Ordinal)
                .ToList();

            long differences = 0;
            foreach (var account in differing)
            {
                var found = table.IsTenant
                    ? await new AccountDrillDown(context, table).CompareAsync(sqlite, postgres, account, cancellationToken)
                    : await new WholeTableDiff(context, table).CompareAsync(sqlite, postgres, cancellationToken);
                if (found == 0)
                {
                    // Cannot happen unless a row changed between the scan and the drill-down; never let it pass silently.
                    context.AddFinding(Check, table.Name, AccountKey.ForFinding(account), null, null,
                        sourceSums.GetValueOrDefault(account)?.ToString(), targetSums.GetValueOrDefault(account)?.ToString(),
                        "the checksums differ but a row-by-row comparison found no difference: was the target written to during the verification?");
                }

                differences += Math.Max(found, 1);
            }

            var infinite = await InfiniteValues.FindAsync(context, postgres, table, cancellationToken);
            var sourceTotal = source[table.Name].Total();
            var targetTotal = target[table.Name].Checksums.Total();
            span?.SetTag("bai.accounts.differing", differing.Count);
            var problems = new List<string>();
            if (differing.Count > 0)
            {
                problems.Add($"{differing.Count} accounts differ, {differences:N0} differences (source checksum {Short(sourceTotal)})");
            }

            if (infinite > 0)
            {
                problems.Add($"{infinite:N0} infinite dates or timestamps");
            }

            context.AddResult(new CheckResult(Check.Key(), table.Name, problems.Count == 0,
                $"{Counted.Of(targetTotal.RowCount, "row")}, checksum {Short(targetTotal)}" + (table.IsTenant ? $", {Counted.Of(targetSums.Count, "account")}" : ""),
                problems.Count == 0 ? null : string.Join("; ", problems)));
        }
    }

    /// <summary>The target's rows per table and account: every row read is in its account's checksum.</summary>
    internal static Dictionary<string, Dictionary<string, long>> TargetCounts(Dictionary<string, TargetTableScan> target) =>
        target.ToDictionary(
            t => t.Key,
            t => t.Value.Checksums.ByAccount.ToDictionary(a => a.Key, a => a.Value.RowCount, StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static string Short(TableChecksum checksum) => checksum.ToString()[..Math.Min(checksum.ToString().Length, checksum.RowCount.ToString().Length + 9)];
}
