namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;
using Bai.Core.Values;
using Npgsql;

/// <summary>
/// PostgreSQL's date and timestamp can hold <c>infinity</c> and <c>-infinity</c>; no source value converts to them
/// (data-rules.md), yet Npgsql reads them as <see cref="DateOnly.MaxValue"/>/<see cref="DateTime.MaxValue"/> and
/// <see cref="DateOnly.MinValue"/>/<see cref="DateTime.MinValue"/>, so the checksums cannot tell a target's infinity
/// from a source's 9999-12-31 or 0001-01-01 (until issue 7 the migrator itself wrote those dates as infinities,
/// through Npgsql's importer). Any infinite value in the target is therefore a difference, named here.
/// </summary>
internal static class InfiniteValues
{
    public static async Task<long> FindAsync(VerificationContext context, NpgsqlConnection connection, TableSpec table, CancellationToken cancellationToken)
    {
        var columns = table.Columns.Where(c => c.Kind is ValueKind.Date or ValueKind.Timestamp).ToList();
        if (columns.Count == 0 || !table.IsTenant)
        {
            return 0;
        }

        // One scan for every column of the table; listed column by column only when there are any.
        if (!await CountFirst.AnyAsync(connection, $"FROM {table.Name} WHERE {string.Join(" OR ", columns.Select(c => $"NOT isfinite({c.Name})"))}", cancellationToken))
        {
            return 0;
        }

        long found = 0;
        foreach (var column in columns)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT account_id, id, {column.Name}::text FROM {table.Name} WHERE NOT isfinite({column.Name}) ORDER BY account_id, id", connection) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found++;
                var value = reader.GetString(2);
                context.AddFinding(VerifierCheck.Content, table.Name, reader.GetString(0), reader.GetInt64(1), column.Name, null, value,
                    $"the target holds {value}, which no source value converts to (read through Npgsql it would pass for {(value.StartsWith('-') ? "0001-01-01" : "9999-12-31")})");
            }
        }

        return found;
    }
}
