namespace Bai.Verifier.Checks;

using Bai.Core;
using Bai.Core.Data;
using Bai.Core.Schema;
using Bai.Core.Values;
using Bai.Verifier.Checks.Content;
using Bai.Verifier.Reporting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

/// <summary>
/// Check 4, tenant isolation: no <c>X_account_id</c> differs from its row's <c>account_id</c> anywhere (the CHECK should
/// make that impossible; this proves it holds even where a CHECK was dropped), and for the sampled accounts the
/// model's account-scoped queries return exactly that account's source ids, and the rows reached through an
/// account's invoices' navigations all belong to it. When the content check ran before, its scan of the source already
/// took a checksum of each sampled account's ids per table; only where the model's ids do not match it does this check
/// read the account's rows from SQLite to name the ids (issue 7: those reads are whole-table scans in the legacy file).
/// </summary>
internal sealed class IsolationCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.Isolation;

    /// <remarks>
    /// Every query, the model's too, runs on one connection, in its read-only transaction without the role's or
    /// database's statement_timeout (<see cref="VerificationContext.OpenSerialTargetAsync"/>): the model's queries
    /// here prove what the data is, and a limit of 100 ms meant for the application cancelled them. The context is
    /// not the host's pooled, retrying one: it works in that transaction, which ends with the check.
    /// </remarks>
    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenSerialTargetAsync(cancellationToken);
        foreach (var table in BaiSchema.TenantTables.Where(t => t.References.Count > 0))
        {
            using var span = VerifierTelemetry.StartTable(Check, table.Name);
            var crossings = await FindCrossingsAsync(context, connection, table, cancellationToken);
            context.AddResult(new CheckResult(Check.Key(), $"{table.Name} X_account_id = account_id", crossings == 0,
                $"{Counted.Of(table.References.Count, "reference")}, {crossings:N0} {(crossings == 1 ? "row points" : "rows point")} at another account"));
        }

        // Npgsql runs a command in its connection's transaction, so EF's queries need no transaction of EF's own.
        await using var db = BaiDbContextOptions.Create(connection);
        foreach (var account in context.SampledAccounts)
        {
            await CheckAccountAsync(context, db, account, cancellationToken);
        }
    }

    private async Task<long> FindCrossingsAsync(VerificationContext context, NpgsqlConnection connection, TableSpec table, CancellationToken cancellationToken)
    {
        var accountColumns = string.Join(", ", table.References.Select(r => $"{r.AccountColumn}, {r.Column}"));
        var differs = string.Join(" OR ", table.References.Select(r => $"{r.AccountColumn} <> account_id"));
        if (!await CountFirst.AnyAsync(connection, $"FROM {table.Name} WHERE {differs}", cancellationToken))
        {
            return 0;
        }

        await using var command = new NpgsqlCommand($"SELECT account_id, id, {accountColumns} FROM {table.Name} WHERE {differs}", connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var account = reader.GetString(0);
            for (var i = 0; i < table.References.Count; i++)
            {
                var reference = table.References[i];
                var other = reader.IsDBNull(2 + 2 * i) ? null : reader.GetString(2 + 2 * i);
                if (other is not null && other != account)
                {
                    var parentId = reader.IsDBNull(3 + 2 * i) ? (long?)null : reader.GetInt64(3 + 2 * i);
                    context.AddFinding(Check, table.Name, account, reader.GetInt64(1), reference.AccountColumn, account, other,
                        $"row of account '{account}' points at {reference.ParentTable} ({other}, {parentId}) of another account through {reference.Column}");
                }
            }
        }

        return rows;
    }

    private async Task CheckAccountAsync(VerificationContext context, BaiDbContext db, string account, CancellationToken cancellationToken)
    {
        using var sqlite = context.OpenSource();
        long rows = 0, differences = 0;
        foreach (var table in BaiSchema.TenantTables)
        {
            using var span = VerifierTelemetry.StartTable(Check, table.Name);
            span?.SetTag("bai.account", account);
            var actual = await AccountScopedQueries.Ids(db, table.Name, account).ToListAsync(cancellationToken);
            rows += actual.Count;
            var returned = actual.ToHashSet();
            if (context.SampledSourceIds?.GetValueOrDefault(table.Name) is { } scanned && SameIds(returned, scanned.GetValueOrDefault(account)))
            {
                // The content scan's checksum of the account's source ids equals the model query's: the same set.
                continue;
            }

            var expected = SourceIds(context, sqlite, table, account);
            foreach (var id in expected.Where(id => !returned.Contains(id)))
            {
                differences++;
                context.AddFinding(Check, table.Name, account, id, null, null, null, "the account-scoped query through the model does not return this source row of the account");
            }

            foreach (var id in returned.Where(id => !expected.Contains(id)))
            {
                differences++;
                context.AddFinding(Check, table.Name, account, id, null, null, null, "the account-scoped query through the model returns a row that is not one of the account's source rows");
            }
        }

        differences += await CheckNavigationsAsync(context, db, account, cancellationToken);
        context.AddResult(new CheckResult(Check.Key(), $"model queries of account {Abbreviate(account)}", differences == 0,
            $"{rows:N0} rows in 8 tables, {differences:N0} not the account's"));
    }

    /// <summary>An account's invoices with their customer, creator and items: everything reached must be the account's own.</summary>
    private async Task<long> CheckNavigationsAsync(VerificationContext context, BaiDbContext db, string account, CancellationToken cancellationToken)
    {
        var reached = await db.Invoices.AsNoTracking().Where(i => i.AccountId == account)
            .Select(i => new { i.Id, Customer = i.Customer!.AccountId, CreatedBy = i.CreatedBy == null ? null : i.CreatedBy.AccountId, Items = i.Items.Select(x => x.AccountId).Distinct().ToList() })
            .ToListAsync(cancellationToken);
        long differences = 0;
        foreach (var invoice in reached)
        {
            foreach (var other in new[] { invoice.Customer, invoice.CreatedBy }.Concat(invoice.Items).Where(a => a is not null && a != account))
            {
                differences++;
                context.AddFinding(Check, "invoices", account, invoice.Id, null, account, other, $"a navigation of the invoice reaches a row of account '{other}'");
            }
        }

        return differences;
    }

    /// <summary>Whether <paramref name="ids"/> is the set the checksum was taken over (none when it is null: no such rows).</summary>
    private static bool SameIds(HashSet<long> ids, TableChecksum? source)
    {
        var checksum = new TableChecksum();
        foreach (var id in ids)
        {
            checksum.Add(SourceScan.HashId(id));
        }

        return checksum.Equals(source ?? new TableChecksum());
    }

    /// <summary>The account's source ids, read from SQLite: a whole-table scan where the legacy file has no account_id index.</summary>
    private static HashSet<long> SourceIds(VerificationContext context, Microsoft.Data.Sqlite.SqliteConnection sqlite, TableSpec table, string account)
    {
        using var command = sqlite.CreateCommand();
        SourceSql.ForAccount(command, table, account);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<long>();
        var row = new SourceRow(table);
        while (reader.Read())
        {
            // The quarantine names rows by rowid; the target by the id a row loaded with, as the content scan records
            // it (in a table whose id is not its rowid, a drifted file's TEXT '05' loads as 5 at another rowid).
            if (!context.Quarantine.Contains(table.Name, reader.GetInt64(0)))
            {
                var loaded = row.Load(reader);
                // Not a row the account's number found that loads as another account's text (SourceSql.ForAccount).
                if (row.CountKey == account)
                {
                    ids.Add(loaded ? row.Id : row.RowId);
                }
            }
        }

        return ids;
    }

    internal static string Abbreviate(string account) => account.Length <= 24 ? account : $"{account[..20]}… ({account.Length} chars)";
}
