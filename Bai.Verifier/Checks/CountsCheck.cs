namespace Bai.Verifier.Checks;

using Bai.Core.Schema;
using Bai.Core.Values;
using Bai.Verifier.Reporting;
using Npgsql;

/// <summary>
/// Check 1: per table and per account, source rows = migrated rows + rejected rows (data-rules.md, "What the user
/// gets"), counted afresh on both sides, the SQLite side and the PostgreSQL side at the same time. When the content
/// check ran first (the runner runs it first when both are chosen) its scans, which read every row of both sides,
/// counted them already by the same keys (<see cref="ScannedRowCounts"/>), and reading both databases again would
/// only double the time (issue 7).
/// </summary>
internal sealed class CountsCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.Counts;

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var (source, target) = context.ScannedRowCounts ?? await CountAsync(context, cancellationToken);

        foreach (var table in BaiSchema.AllTables)
        {
            using var span = VerifierTelemetry.StartTable(Check, table.Name);
            var rejected = context.Quarantine.CountsByAccount(table.Name);
            var accounts = source[table.Name].Keys.Union(target[table.Name].Keys).Union(rejected.Keys).Order(StringComparer.Ordinal);
            var differing = 0;
            foreach (var account in accounts)
            {
                var s = source[table.Name].GetValueOrDefault(account);
                var t = target[table.Name].GetValueOrDefault(account);
                var r = rejected.GetValueOrDefault(account);
                if (s != t + r)
                {
                    differing++;
                    context.AddFinding(Check, table.Name, AccountKey.ForFinding(account), null, null, s.ToString(), (t + r).ToString(),
                        $"source has {s:N0} rows, the target {t:N0} migrated + {r:N0} rejected");
                }
            }

            var (sourceTotal, targetTotal, rejectedTotal) = (source[table.Name].Values.Sum(), target[table.Name].Values.Sum(), rejected.Values.Sum());
            var passed = differing == 0 && sourceTotal == targetTotal + rejectedTotal;
            span?.SetTag("bai.rows.source", sourceTotal);
            span?.SetTag("bai.rows.target", targetTotal);
            context.AddResult(new CheckResult(Check.Key(), table.Name, passed,
                $"source {sourceTotal:N0} = migrated {targetTotal:N0} + rejected {rejectedTotal:N0}" +
                (table.IsTenant ? $" in {source[table.Name].Count} accounts" : ""),
                differing > 0 ? $"{differing} accounts differ" : null));
        }
    }

    /// <summary>Counts both sides with GROUP BY queries, at the same time.</summary>
    internal static async Task<ScannedRowCounts> CountAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var sourceTask = Task.Run(() => CountSource(context, cancellationToken), cancellationToken);
        var targetTask = CountTargetAsync(context, cancellationToken);
        await Task.WhenAll(sourceTask, targetTask);
        return new ScannedRowCounts(await sourceTask, await targetTask);
    }

    private static Dictionary<string, Dictionary<string, long>> CountSource(VerificationContext context, CancellationToken cancellationToken)
    {
        using var connection = context.OpenSource();
        var result = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var table in BaiSchema.AllTables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var counts = result[table.Name] = new Dictionary<string, long>(StringComparer.Ordinal);
            using var command = connection.CreateCommand();
            // Grouped by the stored value, then keyed by its text form: INTEGER 42 and TEXT '42' are two groups for SQLite
            // and one account for the target and the quarantine.
            command.CommandText = table.IsTenant
                ? $"SELECT \"account_id\", count(*) FROM \"{table.Name}\" GROUP BY \"account_id\""
                : $"SELECT NULL, count(*) FROM \"{table.Name}\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = table.IsTenant ? AccountKey.Of(SqliteRowReader.Read(reader, 0).TextForm) : AccountKey.None;
                counts[key] = counts.GetValueOrDefault(key) + reader.GetInt64(1);
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, Dictionary<string, long>>> CountTargetAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenWholeTableTargetAsync(cancellationToken);
        var result = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var table in BaiSchema.AllTables)
        {
            var counts = result[table.Name] = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand(
                table.IsTenant ? $"SELECT account_id, count(*) FROM {table.Name} GROUP BY account_id" : $"SELECT '', count(*) FROM {table.Name}",
                connection) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[table.IsTenant ? reader.GetString(0) : AccountKey.None] = reader.GetInt64(1);
            }
        }

        return result;
    }
}
