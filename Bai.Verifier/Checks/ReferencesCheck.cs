namespace Bai.Verifier.Checks;

using Bai.Core.Schema;
using Bai.Verifier.Reporting;
using Npgsql;

/// <summary>
/// Check 3: every composite foreign key <c>(X_account_id, X_id)</c> resolves. The database's own constraint should
/// guarantee it, so this checks both: that the constraint exists and is validated, and, independently of it, an
/// anti-join that lists every row whose reference finds no parent (or whose pair is half NULL).
/// </summary>
internal sealed class ReferencesCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.References;

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenSerialTargetAsync(cancellationToken);
        foreach (var table in BaiSchema.TenantTables)
        {
            foreach (var reference in table.References)
            {
                using var span = VerifierTelemetry.StartTable(Check, table.Name);
                span?.SetTag("bai.reference", reference.Column);
                var enforced = await ConstraintValidatedAsync(connection, table, reference, cancellationToken);
                if (!enforced)
                {
                    context.AddFinding(Check, table.Name, null, null, reference.Column, null, null,
                        $"the foreign key fk_{table.Name}_{reference.Column} ({reference.AccountColumn}, {reference.Column}) → {reference.ParentTable} is missing or not validated: the database does not enforce this reference");
                }

                var orphans = await FindOrphansAsync(context, connection, table, reference, cancellationToken);
                context.AddResult(new CheckResult(Check.Key(), $"{table.Name}.{reference.Column} → {reference.ParentTable}", enforced && orphans == 0,
                    $"{orphans:N0} unresolved; constraint {(enforced ? "validated" : "MISSING")}"));
            }
        }
    }

    private async Task<long> FindOrphansAsync(
        VerificationContext context, NpgsqlConnection connection, TableSpec table, ReferenceSpec reference, CancellationToken cancellationToken)
    {
        var (acc, col) = (reference.AccountColumn, reference.Column);
        // A hash join, one scan of each table whatever their size. p.id is NULL exactly where no parent matched
        // (a matched row has both columns set, so it never passes the filter twice, even against duplicate parents).
        var unresolved = $"""
            FROM {table.Name} c LEFT JOIN {reference.ParentTable} p ON p.account_id = c.{acc} AND p.id = c.{col}
            WHERE (c.{acc} IS NULL) <> (c.{col} IS NULL) OR (c.{col} IS NOT NULL AND p.id IS NULL)
            """;

        if (!await CountFirst.AnyAsync(connection, unresolved, cancellationToken))
        {
            return 0;
        }

        await using var command = new NpgsqlCommand($"SELECT c.account_id, c.id, c.{acc}, c.{col} {unresolved}", connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long orphans = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            orphans++;
            var target = $"({(reader.IsDBNull(2) ? "NULL" : reader.GetString(2))}, {(reader.IsDBNull(3) ? "NULL" : reader.GetInt64(3))})";
            context.AddFinding(Check, table.Name, reader.GetString(0), reader.GetInt64(1), col, null, target,
                reader.IsDBNull(2) != reader.IsDBNull(3)
                    ? $"{acc} and {col} must be NULL together or set together"
                    : $"{col} references {target} in {reference.ParentTable}, which does not exist");
        }

        return orphans;
    }

    private static async Task<bool> ConstraintValidatedAsync(NpgsqlConnection connection, TableSpec table, ReferenceSpec reference, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2 AND contype = 'f' AND convalidated)", connection);
        command.Parameters.AddWithValue(table.Name);
        command.Parameters.AddWithValue($"fk_{table.Name}_{reference.Column}");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
