using System.Globalization;
using System.Text;
using Bai.Core.Schema;
using Bai.Core.Values;
using Bai.Testing.Postgres;
using static Bai.Core.Values.ConvertedValue;

namespace Bai.Core.Tests.Values;

/// <summary>
/// Our binary COPY encoder against a real PostgreSQL: every kind and its edge values go through a real COPY and are
/// compared with what Npgsql's own importer stored (PostgreSQL's text of each cell), with Npgsql's decoding of them
/// (the verifier's view) and, where the two conventions differ, with SQL literals.
/// </summary>
public sealed class PgBinaryCopyWriterTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly string LongText = BuildLongText(1024 * 1024);

    [Theory]
    [InlineData(PgBinaryCopyWriter.DefaultBufferSize)]
    // A buffer smaller than most rows: every value lands across a flush somewhere.
    [InlineData(PgBinaryCopyWriter.MinBufferSize)]
    [InlineData(PgBinaryCopyWriter.MinBufferSize + 7)]
    public async Task Every_kind_lands_exactly_as_Npgsql_wrote_it(int bufferSize)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var rows = EdgeRows();
        var ours = await CreateAsync($"ours_{bufferSize}", timeout.Token);
        var theirs = await CreateAsync($"theirs_{bufferSize}", timeout.Token);

        await ours.WriteAsync(rows, bufferSize, timeout.Token);
        await theirs.WriteWithNpgsqlAsync(rows, timeout.Token);

        var expected = await theirs.ReadTextAsync(timeout.Token);
        var actual = await ours.ReadTextAsync(timeout.Token);
        Assert.Equal(rows.Count, actual.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(expected[r], actual[r]);
        }
    }

    [Fact]
    public async Task Every_value_reads_back_through_Npgsql_as_it_was_written()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var rows = EdgeRows();
        var table = await CreateAsync("read_back", timeout.Token);

        await table.WriteAsync(rows, PgBinaryCopyWriter.DefaultBufferSize, timeout.Token);

        var read = await table.ReadAsync(timeout.Token);
        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(rows[r], read[r]);
        }
    }

    [Fact]
    public async Task Numerics_keep_their_scale_and_digits_as_SQL_literals_of_them_do()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var rows = EdgeRows();
        var table = await CreateAsync("numeric_text", timeout.Token);

        await table.WriteAsync(rows, PgBinaryCopyWriter.DefaultBufferSize, timeout.Token);

        // x is an unconstrained numeric: its text shows the dscale we wrote. The others are at their column's scale.
        var text = await table.ReadTextAsync(timeout.Token);
        foreach (var (column, ordinal) in CopyTable.Columns.Select((c, i) => (c, i)).Where(p => p.c.Kind == ValueKind.Numeric))
        {
            for (var r = 0; r < rows.Count; r++)
            {
                var value = rows[r][ordinal];
                var literal = value.IsNull ? null
                    : (column.Scale is { } scale ? DecimalMath.WithScale(value.NumericValue, scale) : value.NumericValue).ToString(CultureInfo.InvariantCulture);
                Assert.Equal(Unsigned0(literal), text[r][ordinal]);
            }
        }
    }

    [Fact]
    public async Task The_first_and_last_days_are_those_days_not_infinity()
    {
        // Npgsql writes DateOnly.MinValue/MaxValue and DateTime.MinValue as -infinity/infinity (its infinity
        // conversions); a legacy '0001-01-01' or '9999-12-31' means that day.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var table = await CreateAsync("far_days", timeout.Token);
        var dates = CopyTable.Columns.Select(c => c.Name).ToList().IndexOf("d");
        ConvertedValue[] Row(DateOnly date, DateTime timestamp)
        {
            var row = CopyTable.Columns.Select(c => Null(c.Kind)).ToArray();
            row[dates] = FromDate(date);
            row[dates + 1] = FromTimestamp(timestamp);
            return row;
        }

        await table.WriteAsync(
            [
                Row(DateOnly.MinValue, DateTime.MinValue),
                Row(DateOnly.MaxValue, new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_990)),
                Row(new DateOnly(1, 1, 2), new DateTime(1, 1, 1, 0, 0, 0).AddTicks(10)),
            ],
            PgBinaryCopyWriter.DefaultBufferSize,
            timeout.Token);

        var matches = await table.ScalarAsync<long>(
            """
            SELECT count(*) FROM {table} WHERE (seq, d, ts) IN (
                (0, DATE '0001-01-01', TIMESTAMP '0001-01-01 00:00:00'),
                (1, DATE '9999-12-31', TIMESTAMP '9999-12-31 23:59:59.999999'),
                (2, DATE '0001-01-02', TIMESTAMP '0001-01-01 00:00:00.000001'))
            """,
            timeout.Token);
        Assert.Equal(3, matches);
        var read = await table.ReadAsync(timeout.Token);
        Assert.Equal([FromDate(DateOnly.MinValue), FromDate(DateOnly.MaxValue), FromDate(new DateOnly(1, 1, 2))], read.Select(r => r[dates]));
    }

    [Fact]
    public async Task Disposing_without_completing_loads_nothing_and_leaves_the_connection_usable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var table = await CreateAsync("cancelled", timeout.Token);
        await using var connection = await table.OpenAsync(timeout.Token);

        await using (var writer = await PgBinaryCopyWriter.BeginAsync(connection, table.CopyCommand, timeout.Token, PgBinaryCopyWriter.MinBufferSize))
        {
            foreach (var row in EdgeRows())
            {
                writer.StartRow(CopyTable.Columns.Count + 1);
                writer.WriteInt32(0);
                foreach (var value in row)
                {
                    writer.Write(value);
                }
            }
        }

        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM cancelled", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync(timeout.Token));
    }

    /// <summary>Edge values of each kind, a column each, padded with NULLs, and a row of NULLs only.</summary>
    internal static List<ConvertedValue[]> EdgeRows()
    {
        var values = new ConvertedValue[][]
        {
            [FromInt64(0), FromInt64(1), FromInt64(-1), FromInt64(long.MinValue), FromInt64(long.MaxValue), FromInt64(int.MinValue - 1L), FromInt64(1_234_567_890_123)],
            [FromInt32(0), FromInt32(1), FromInt32(-1), FromInt32(int.MinValue), FromInt32(int.MaxValue), FromInt32(32768), FromInt32(-32769)],
            [.. new[] { "", "a", "é", "日本", "👍", "Łódź 👍 日本 é", new string('日', 500), "x\u00A0y", "a\uFFFDb" }.Select(s => FromString(s, ValueKind.Varchar))],
            [.. new[] { "", "plain", LongText, "👍" + new string('é', 40), new string('z', PgBinaryCopyWriter.MinBufferSize - 4) }.Select(s => FromString(s))],
            [.. Decimals(2, "0", "0.00", "1.50", "-1.50", "0.01", "-0.01", "0.30", "1.00", "1234.00", "12345.67", "12345678.90", "9999999999.99", "-9999999999.99", "10000.00", "100000000.00", "99999999.99")],
            [.. Decimals(3, "0.000", "0.001", "-0.001", "1.500", "7.000", "1234.567", "999999999.999", "-999999999.999", "10000.001")],
            [.. Decimals(2, "0.00", "999.99", "-999.99", "5.50", "19.00", "0.07", "100.00")],
            [.. Decimals(null, "0", "0.000", "10000.0001", "100000000", "0.0001", "12345.6789", "99999999", "10000", "-0.5", "0.0000000000000000000000000001",
                "79228162514264337593543950335", "-79228162514264337593543950335", "1.0000000000000000000000000000", "123456789012345678.9012345678", "7922816251426433759354395.0335")],
            [FromBoolean(true), FromBoolean(false)],
            [.. Dates("2000-01-01", "1999-12-31", "2000-01-02", "1970-01-01", "2024-02-29", "1900-03-01", "0001-01-02", "9999-12-30", "2000-02-29")],
            [.. Timestamps("2000-01-01 00:00:00.000000", "1999-12-31 23:59:59.999999", "2000-01-01 00:00:00.000001", "1970-01-01 00:00:00.000000", "1969-12-31 23:59:59.123456",
                "2026-11-25 12:34:56.789012", "1900-01-01 00:00:00.000001", "0001-01-01 00:00:00.000001", "9999-12-31 23:59:59.999999", "2000-01-01 12:00:00.500000")],
        };
        var rows = new List<ConvertedValue[]>();
        var count = values.Max(v => v.Length) + 1;
        for (var r = 0; r < count; r++)
        {
            rows.Add([.. CopyTable.Columns.Select((c, i) => r < values[i].Length ? values[i][r] : Null(c.Kind))]);
        }

        return rows;
    }

    private static IEnumerable<ConvertedValue> Decimals(int? scale, params string[] literals) =>
        literals.Select(l => decimal.Parse(l, CultureInfo.InvariantCulture))
            .Select(d => FromDecimal(d))
            .Concat(scale is null ? [FromDecimal(new decimal(0, 0, 0, isNegative: true, scale: 2))] : []);

    private static IEnumerable<ConvertedValue> Dates(params string[] literals) =>
        literals.Select(d => FromDate(DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static IEnumerable<ConvertedValue> Timestamps(params string[] literals) =>
        literals.Select(t => FromTimestamp(DateTime.ParseExact(t, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)));

    // PostgreSQL has no negative zero; a negative decimal zero prints '-0.00' in .NET.
    private static string? Unsigned0(string? text) => text is not null && text.StartsWith("-0", StringComparison.Ordinal) && text.Trim('-', '0', '.').Length == 0 ? text[1..] : text;

    /// <summary>About <paramref name="length"/> UTF-16 units of 1-, 2-, 3- and 4-byte UTF-8 characters.</summary>
    private static string BuildLongText(int length)
    {
        var text = new StringBuilder(length + 8);
        while (text.Length < length)
        {
            text.Append("aé日👍 ");
        }

        return text.ToString();
    }

    private async Task<CopyTable> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var table = new CopyTable(database.ConnectionString, name);
        await table.CreateAsync(cancellationToken);
        return table;
    }
}
