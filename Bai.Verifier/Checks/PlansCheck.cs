namespace Bai.Verifier.Checks;

using Bai.Verifier.Checks.Plans;
using Bai.Verifier.Reporting;
using Npgsql;

/// <summary>
/// Check 7: <c>EXPLAIN</c> of the typical account-scoped lookups uses the <c>(account_id, ...)</c> indexes.
/// </summary>
/// <remarks>
/// A sequential scan is not always wrong: on a table of a few pages, or when one account holds a large share of the
/// rows (three accounts in the sample), reading the table is what the planner should do. So when the plan reads the
/// table, the check asks again with <c>enable_seqscan = off</c> (inside a transaction that is rolled back, so the
/// setting never leaks) and passes only if the expected index is then used, saying so in the summary; and it fails
/// when a selective lookup on a large table reads the table (missing or stale statistics).
/// See https://www.postgresql.org/docs/current/runtime-config-query.html#GUC-ENABLE-SEQSCAN.
/// </remarks>
internal sealed class PlansCheck : IVerificationCheck
{
    /// <summary>1,000 pages = 8 MB: below that a sequential scan is cheap whatever the planner's reason.</summary>
    internal const long SmallTablePages = 1000;

    /// <summary>A lookup expected to return more than this share of the table may legitimately read all of it.</summary>
    internal const double SelectiveShare = 0.05;

    public VerifierCheck Check => VerifierCheck.Plans;

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        List<PlannedLookup> lookups;
        await using (var wholeTable = await context.OpenWholeTableTargetAsync(cancellationToken))
        {
            lookups = await LookupsAsync(wholeTable, cancellationToken);
        }

        // The plans themselves on a connection as the application has it: its settings are what they are judged by.
        await using var connection = await context.OpenTargetAsync(cancellationToken);
        if (lookups.Count == 0)
        {
            context.AddResult(new CheckResult(Check.Key(), "account-scoped lookups", true, "no invoices to look up", "nothing to plan in an empty database"));
            return;
        }

        foreach (var lookup in lookups)
        {
            using var span = VerifierTelemetry.StartTable(Check, lookup.Table);
            span?.SetTag("bai.lookup", lookup.Name);
            var plan = await ExplainAsync(connection, lookup.Sql, seqScanOff: false, cancellationToken);
            if (plan.Indexes.Contains(lookup.ExpectedIndex))
            {
                context.AddResult(new CheckResult(Check.Key(), lookup.Name, true, $"uses {lookup.ExpectedIndex}"));
                continue;
            }

            var (pages, tuples) = await TableSizeAsync(connection, lookup.Table, cancellationToken);
            var forced = await ExplainAsync(connection, lookup.Sql, seqScanOff: true, cancellationToken);
            var share = tuples > 0 ? plan.EstimatedRows / tuples : 1;
            var statistics = tuples < 0 ? "no statistics (never analyzed)" : $"{pages:N0} pages, lookup ≈ {share:P0} of {tuples:N0} rows";
            var indexExists = forced.Indexes.Contains(lookup.ExpectedIndex);
            var legitimate = tuples >= 0 && (pages < SmallTablePages || share > SelectiveShare);
            var passed = indexExists && legitimate;
            if (!passed)
            {
                context.AddFinding(Check, lookup.Table, null, null, null, null, plan.Summary,
                    indexExists
                        ? $"{lookup.Name}: a selective lookup on a large table reads the table ({statistics}); run ANALYZE {lookup.Table}"
                        : $"{lookup.Name}: no plan uses {lookup.ExpectedIndex}, even with sequential scans disabled ({forced.Summary})");
            }

            context.AddResult(new CheckResult(Check.Key(), lookup.Name, passed, $"planner: {plan.Summary}",
                indexExists
                    ? $"sequential scan preferred ({statistics}); with enable_seqscan=off it uses {lookup.ExpectedIndex}: the index path exists"
                    : $"{lookup.ExpectedIndex} is never used"));
        }
    }

    /// <summary>The three lookups of issue 4 for the account with the most invoices (where a sequential scan is most tempting);
    /// finding it reads all of invoices.</summary>
    private static async Task<List<PlannedLookup>> LookupsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            WITH a AS (SELECT account_id FROM invoices GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1)
            SELECT a.account_id,
                   (SELECT invoice_id FROM invoice_items x WHERE x.invoice_account_id = a.account_id LIMIT 1),
                   (SELECT customer_id FROM payments p WHERE p.customer_account_id = a.account_id AND p.customer_id IS NOT NULL LIMIT 1)
            FROM a
            """, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return [];
        }

        // Literals, not parameters: the plan for these very values is the one the application gets (a custom plan).
        var account = "'" + reader.GetString(0).Replace("'", "''", StringComparison.Ordinal) + "'";
        var invoice = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        var customer = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
        return
        [
            new("an account's invoices", "invoices", $"SELECT * FROM invoices WHERE account_id = {account}", "pk_invoices"),
            new("an invoice's items", "invoice_items",
                $"SELECT * FROM invoice_items WHERE invoice_account_id = {account} AND invoice_id = {invoice}", "ix_invoice_items_invoice_account_id_invoice_id"),
            new("a customer's payments", "payments",
                $"SELECT * FROM payments WHERE customer_account_id = {account} AND customer_id = {customer}", "ix_payments_customer_account_id_customer_id"),
        ];
    }

    private static async Task<QueryPlan> ExplainAsync(NpgsqlConnection connection, string sql, bool seqScanOff, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (seqScanOff)
        {
            await using var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction);
            await off.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) {sql}", connection, transaction);
        var json = (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
        await transaction.RollbackAsync(cancellationToken);
        return QueryPlan.Parse(json);
    }

    private static async Task<(long Pages, double Tuples)> TableSizeAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT relpages::bigint, reltuples::float8 FROM pg_class WHERE oid = to_regclass($1)", connection);
        command.Parameters.AddWithValue(table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetDouble(1));
    }
}
