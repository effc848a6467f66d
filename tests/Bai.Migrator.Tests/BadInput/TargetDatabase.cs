namespace Bai.Migrator.Tests.BadInput;

using System.Globalization;
using System.Text.Json;
using Bai.Core.Schema;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>Reads back what a run left in PostgreSQL and what the source holds, as comparable text.</summary>
public static class TargetDatabase
{
    /// <summary>Every table outside the system schemas, as <c>schema.table</c>.</summary>
    public static async Task<IReadOnlyList<string>> TablesAsync(ScratchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public static async Task<long> CountAsync(ScratchDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static long SourceCount(SourceFile source, string table)
    {
        using var connection = source.OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The quarantined rows of the latest run: table, rowid, raw values, reasons.</summary>
    public static async Task<IReadOnlyList<QuarantinedRow>> QuarantineAsync(ScratchDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT table_name, source_row_id, account_id, raw_values::text, reasons::text FROM {BaiSchema.ToolSchema}.rejected_rows WHERE run_id = (SELECT max(id) FROM {BaiSchema.ToolSchema}.runs)",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<QuarantinedRow>();
        while (await reader.ReadAsync())
        {
            using var raw = JsonDocument.Parse(reader.GetString(3));
            using var reasons = JsonDocument.Parse(reader.GetString(4));
            rows.Add(new(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), raw.RootElement.Clone(), reasons.RootElement.Clone()));
        }

        return rows;
    }

    /// <summary>
    /// Every row of <paramref name="table"/> in PostgreSQL as one line of text: each legacy column in a canonical form
    /// (numeric at its scale, boolean t/f, timestamp with microseconds), each reference preceded by its account column.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TargetRowsAsync(ScratchDatabase database, TableSpec table)
    {
        var expressions = new List<string>();
        foreach (var column in table.Columns)
        {
            if (table.ReferenceFor(column.Name) is { } reference)
            {
                expressions.Add($"{reference.AccountColumn}::text");
            }

            expressions.Add(column.Kind switch
            {
                ValueKind.Boolean => $"CASE WHEN {column.Name} THEN 't' ELSE 'f' END",
                ValueKind.Timestamp => $"to_char({column.Name}, 'YYYY-MM-DD HH24:MI:SS.US')",
                _ => $"{column.Name}::text",
            });
        }

        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {string.Join(", ", expressions)} FROM {table.Name}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>
    /// The source rows that must have loaded, in the form of <see cref="TargetRowsAsync"/>, computed independently of the
    /// migrator from the values SQLAlchemy stores (INTEGER, REAL money, TEXT). Cells in <paramref name="expected"/>
    /// (table, rowid, column) take that canonical text instead: the generator's valid-but-odd values.
    /// </summary>
    public static IReadOnlyList<string> ExpectedRows(
        SourceFile source, TableSpec table, IReadOnlySet<long> rejected, IReadOnlyDictionary<(long RowId, string Column), string> expected)
    {
        using var connection = source.OpenReadOnly();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\"";
        using var reader = command.ExecuteReader();
        var accountOrdinal = table.Columns.ToList().FindIndex(c => c.Name == BaiSchema.AccountIdColumn) + 1;
        var rows = new List<string>();
        while (reader.Read())
        {
            var rowId = reader.GetInt64(0);
            if (rejected.Contains(rowId))
            {
                continue;
            }

            var cells = new List<string>();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                var text = expected.TryGetValue((rowId, column.Name), out var given) ? given : Canonical(reader, i + 1, column);
                if (table.ReferenceFor(column.Name) is not null)
                {
                    cells.Add(text == "NULL" ? "NULL" : reader.GetString(accountOrdinal));
                }

                cells.Add(text);
            }

            rows.Add(string.Join(" | ", cells));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Canonical(SqliteDataReader reader, int ordinal, ColumnSpec column)
    {
        if (reader.IsDBNull(ordinal))
        {
            return "NULL";
        }

        var value = reader.GetValue(ordinal);
        return (column.Kind, value) switch
        {
            (ValueKind.BigInt or ValueKind.Integer, long integer) => integer.ToString(CultureInfo.InvariantCulture),
            (ValueKind.Numeric, long integer) => ((decimal)integer).ToString("F" + column.Scale, CultureInfo.InvariantCulture),
            (ValueKind.Numeric, double real) => Math.Round((decimal)real, column.Scale!.Value).ToString("F" + column.Scale, CultureInfo.InvariantCulture),
            (ValueKind.Boolean, long integer) => integer == 0 ? "f" : "t",
            (ValueKind.Varchar or ValueKind.Text or ValueKind.Date or ValueKind.Timestamp, string text) => text,
            _ => throw new InvalidOperationException($"A clean file holds no {value.GetType().Name} in {column.Name} ({column.Kind})."),
        };
    }
}

public sealed record QuarantinedRow(string Table, long RowId, string? AccountId, JsonElement RawValues, JsonElement Reasons);
