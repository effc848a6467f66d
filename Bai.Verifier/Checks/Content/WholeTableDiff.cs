namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// The drill-down of a table without accounts and ids (<c>alembic_version</c>, one row): both sides read whole, as
/// canonical rows, and compared as multisets.
/// </summary>
internal sealed class WholeTableDiff(VerificationContext context, TableSpec table)
{
    public async Task<long> CompareAsync(SqliteConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        var sourceRows = new List<string>();
        await using (var command = source.CreateCommand())
        {
            command.CommandText = SourceSql.All(table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new SourceRow(table);
            while (reader.Read())
            {
                if (!context.Quarantine.Contains(table.Name, reader.GetInt64(0)) && row.Load(reader))
                {
                    sourceRows.Add(Canonical(row.Values));
                }
            }
        }

        var targetRows = new List<string>();
        await using (var command = new NpgsqlCommand(TargetSql.All(table), target))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var row = new TargetRow(table);
            while (await reader.ReadAsync(cancellationToken))
            {
                row.Load(reader);
                targetRows.Add(Canonical(row.Values));
            }
        }

        long differences = 0;
        foreach (var missing in Except(sourceRows, targetRows))
        {
            context.AddFinding(VerifierCheck.Content, table.Name, null, null, table.Columns[0].Name, missing, null, "the source row is missing from the target");
            differences++;
        }

        foreach (var extra in Except(targetRows, sourceRows))
        {
            context.AddFinding(VerifierCheck.Content, table.Name, null, null, table.Columns[0].Name, null, extra, "the target has a row that the source does not have");
            differences++;
        }

        return differences;
    }

    private string Canonical(ReadOnlySpan<ConvertedValue> values)
    {
        var parts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            parts[i] = CanonicalValue.Format(values[i], table.Columns[i]) ?? "NULL";
        }

        return string.Join(" | ", parts);
    }

    private static IEnumerable<string> Except(List<string> left, List<string> right)
    {
        var remaining = right.GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var row in left)
        {
            if (remaining.TryGetValue(row, out var n) && n > 0)
            {
                remaining[row] = n - 1;
            }
            else
            {
                yield return row;
            }
        }
    }
}
