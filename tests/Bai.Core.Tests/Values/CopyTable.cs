using Bai.Core.Schema;
using Bai.Core.Values;
using Npgsql;
using NpgsqlTypes;

namespace Bai.Core.Tests.Values;

/// <summary>
/// A table with a column of every kind the converter produces (and an unconstrained numeric, whose text shows the
/// dscale as written), filled by binary COPY either with <see cref="PgBinaryCopyWriter"/> or with Npgsql's own
/// <see cref="NpgsqlBinaryImporter"/> (the reference), and read back through Npgsql.
/// </summary>
internal sealed class CopyTable(string connectionString, string name)
{
    public static IReadOnlyList<ColumnSpec> Columns { get; } =
    [
        new("b", ValueKind.BigInt, true),
        new("i", ValueKind.Integer, true),
        new("v", ValueKind.Varchar, true, MaxLength: 500),
        new("t", ValueKind.Text, true),
        new("m", ValueKind.Numeric, true, Precision: 12, Scale: 2),
        new("q", ValueKind.Numeric, true, Precision: 12, Scale: 3),
        new("r", ValueKind.Numeric, true, Precision: 5, Scale: 2),
        new("x", ValueKind.Numeric, true),
        new("bo", ValueKind.Boolean, true),
        new("d", ValueKind.Date, true),
        new("ts", ValueKind.Timestamp, true),
    ];

    private static string ColumnList => "seq, " + string.Join(", ", Columns.Select(c => c.Name));

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var columns = Columns.Select(c => $"{c.Name} {(c.Kind == ValueKind.Numeric && c.Precision is null ? "numeric" : c.PostgresType)}");
        await ExecuteAsync($"CREATE TABLE {name} (seq integer NOT NULL, {string.Join(", ", columns)})", cancellationToken);
    }

    /// <summary>Rows of values in <see cref="Columns"/> order, written with our writer and completed.</summary>
    public async Task WriteAsync(IReadOnlyList<ConvertedValue[]> rows, int bufferSize, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var writer = await PgBinaryCopyWriter.BeginAsync(connection, CopyCommand, cancellationToken, bufferSize);
        for (var r = 0; r < rows.Count; r++)
        {
            writer.StartRow(Columns.Count + 1);
            writer.WriteInt32(r);
            foreach (var value in rows[r])
            {
                writer.Write(value);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>The same rows through <see cref="NpgsqlBinaryImporter"/>, as the migrator wrote them before.</summary>
    public async Task WriteWithNpgsqlAsync(IReadOnlyList<ConvertedValue[]> rows, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken);
        for (var r = 0; r < rows.Count; r++)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(r, NpgsqlDbType.Integer, cancellationToken);
            foreach (var value in rows[r])
            {
                await WriteWithNpgsqlAsync(importer, value, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Every cell as PostgreSQL prints it (<c>::text</c>), row by row in written order.</summary>
    public async Task<List<string?[]>> ReadTextAsync(CancellationToken cancellationToken)
    {
        var casts = string.Join(", ", Columns.Select(c => $"{c.Name}::text"));
        var rows = new List<string?[]>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {casts} FROM {name} ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add([.. Enumerable.Range(0, Columns.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
        }

        return rows;
    }

    /// <summary>Every cell decoded by Npgsql (what the verifier does), row by row in written order.</summary>
    public async Task<List<ConvertedValue[]>> ReadAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ConvertedValue[]>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {ColumnList} FROM {name} ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add([.. Columns.Select((c, i) => PostgresValueReader.Read(reader, i + 1, c))]);
        }

        return rows;
    }

    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.Replace("{table}", name, StringComparison.Ordinal), connection);
        return (T?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public string CopyCommand => $"COPY {name} ({ColumnList}) FROM STDIN (FORMAT BINARY)";

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteWithNpgsqlAsync(NpgsqlBinaryImporter importer, ConvertedValue value, CancellationToken cancellationToken) =>
        value.IsNull
            ? importer.WriteNullAsync(cancellationToken)
            : value.Kind switch
            {
                ValueKind.BigInt => importer.WriteAsync(value.BigIntValue, NpgsqlDbType.Bigint, cancellationToken),
                ValueKind.Integer => importer.WriteAsync(value.IntegerValue, NpgsqlDbType.Integer, cancellationToken),
                ValueKind.Varchar => importer.WriteAsync(value.StringValue, NpgsqlDbType.Varchar, cancellationToken),
                ValueKind.Text => importer.WriteAsync(value.StringValue, NpgsqlDbType.Text, cancellationToken),
                ValueKind.Numeric => importer.WriteAsync(value.NumericValue, NpgsqlDbType.Numeric, cancellationToken),
                ValueKind.Boolean => importer.WriteAsync(value.BooleanValue, NpgsqlDbType.Boolean, cancellationToken),
                ValueKind.Date => importer.WriteAsync(value.DateValue, NpgsqlDbType.Date, cancellationToken),
                ValueKind.Timestamp => importer.WriteAsync(value.TimestampValue, NpgsqlDbType.Timestamp, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown value kind."),
            };
}
