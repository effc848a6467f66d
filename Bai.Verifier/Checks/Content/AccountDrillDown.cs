namespace Bai.Verifier.Checks.Content;

using System.Data;
using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// When an account's checksums differ: a keyed merge of that account's rows by id, both sides in id order (the legacy
/// <c>account_id</c> index in SQLite, the primary key in PostgreSQL), one row of each side in memory at a time. Names
/// every missing row, every extra row and every differing column.
/// </summary>
internal sealed class AccountDrillDown(VerificationContext context, TableSpec table)
{
    /// <summary>Returns how many differences it reported.</summary>
    public async Task<long> CompareAsync(SqliteConnection source, NpgsqlConnection target, string account, CancellationToken cancellationToken)
    {
        using var span = VerifierTelemetry.StartTable("drill-down", table.Name);
        span?.SetTag("bai.account", account);
        await using var sourceCommand = source.CreateCommand();
        SourceSql.ForAccount(sourceCommand, table, account);
        await using var sourceReader = await sourceCommand.ExecuteReaderAsync(cancellationToken);
        await using var targetCommand = new NpgsqlCommand(TargetSql.Account(table), target) { CommandTimeout = 0 };
        targetCommand.Parameters.AddWithValue(account);
        await using var targetReader = await targetCommand.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);

        var s = new SourceRow(table);
        var t = new TargetRow(table);
        var hasSource = NextSource(sourceReader, s, account);
        var hasTarget = await NextTargetAsync(targetReader, t, cancellationToken);
        long differences = 0;
        while (hasSource || hasTarget)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (hasSource && (!hasTarget || s.Id < t.Id))
            {
                Report(account, s.Id, null, null, null, "the source row is missing from the target");
                differences++;
                hasSource = NextSource(sourceReader, s, account);
            }
            else if (!hasSource || t.Id < s.Id)
            {
                Report(account, t.Id, null, null, null, "the target has a row of this account that the source does not have");
                differences++;
                hasTarget = await NextTargetAsync(targetReader, t, cancellationToken);
            }
            else
            {
                differences += CompareColumns(account, s, t);
                hasSource = NextSource(sourceReader, s, account);
                hasTarget = await NextTargetAsync(targetReader, t, cancellationToken);
            }
        }

        span?.SetTag("bai.findings", differences);
        return differences;
    }

    private long CompareColumns(string account, SourceRow s, TargetRow t)
    {
        long differences = 0;
        for (var i = 0; i < table.Columns.Count; i++)
        {
            // Equality of the canonical values: decimals by value at the column's scale, timestamps to the tick.
            var column = table.Columns[i];
            var sourceText = CanonicalValue.Format(s.Values[i], column);
            var targetText = CanonicalValue.Format(t.Values[i], column);
            if (!string.Equals(sourceText, targetText, StringComparison.Ordinal))
            {
                // A NULL stays null in the report (the text 'NULL' was written for it, so a NULL and the text 'NULL'
                // read alike); the message says which side is NULL.
                var nullSide = sourceText is null ? ": the source's is NULL" : targetText is null ? ": the target's is NULL" : "";
                Report(account, s.Id, column.Name, sourceText, targetText, $"{column.Name} differs{nullSide}");
                differences++;
            }
        }

        return differences;
    }

    /// <summary>The next source row of the account that the run did not quarantine and that converts (the scan reported the others).</summary>
    private bool NextSource(SqliteDataReader reader, SourceRow row, string account)
    {
        while (reader.Read())
        {
            if (context.Quarantine.Contains(table.Name, reader.GetInt64(0)))
            {
                continue;
            }

            // A row the account's number found that loads as another account's text (SourceSql.ForAccount).
            if (row.Load(reader) && row.CountKey == account)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> NextTargetAsync(NpgsqlDataReader reader, TargetRow row, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        row.Load(reader);
        return true;
    }

    private void Report(string account, long id, string? column, string? sourceValue, string? targetValue, string message) =>
        context.AddFinding(VerifierCheck.Content, table.Name, account, id, column, sourceValue, targetValue, message);
}
