using Bai.Core.Schema;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class CanonicalValueTests
{
    /// <summary>
    /// A SQLite value after conversion, and the CLR value Npgsql returns for the same PostgreSQL value
    /// (numeric comes back at the column's scale, timestamp as Unspecified DateTime, date as DateOnly).
    /// </summary>
    public static TheoryData<string, object?, ConvertedValue, string?> SourceAndTarget => new()
    {
        { "bigint", 42L, ConvertedValue.FromInt64(42), "42" },
        { "bigint", "007", ConvertedValue.FromInt64(7), "7" },
        { "bigint", 9007199254740992.0, ConvertedValue.FromInt64(9007199254740992), "9007199254740992" },
        { "bigint", long.MinValue, ConvertedValue.FromInt64(long.MinValue), "-9223372036854775808" },
        { "integer", 3L, ConvertedValue.FromInt32(3), "3" },
        { "money", 0.1 + 0.2, ConvertedValue.FromDecimal(0.30m), "0.30" },
        { "money", 5L, ConvertedValue.FromDecimal(5.00m), "5.00" },
        { "money", "-12.5", ConvertedValue.FromDecimal(-12.50m), "-12.50" },
        { "money", -0.0, ConvertedValue.FromDecimal(0.00m), "0.00" },
        { "money", 9999999999.99, ConvertedValue.FromDecimal(9999999999.99m), "9999999999.99" },
        { "quantity", 2.5, ConvertedValue.FromDecimal(2.500m), "2.500" },
        { "boolean", 1L, ConvertedValue.FromBoolean(true), "t" },
        { "boolean", "no", ConvertedValue.FromBoolean(false), "f" },
        { "date", "2024-02-29", ConvertedValue.FromDate(new DateOnly(2024, 2, 29)), "2024-02-29" },
        { "date", "2024-01-31 00:00:00", ConvertedValue.FromDate(new DateOnly(2024, 1, 31)), "2024-01-31" },
        { "timestamp", "2024-01-31T10:00:00+02:00", ConvertedValue.FromTimestamp(new DateTime(2024, 1, 31, 8, 0, 0, DateTimeKind.Unspecified)), "2024-01-31 08:00:00.000000" },
        { "timestamp", "2024-01-31 10:00:00.123456", ConvertedValue.FromTimestamp(new DateTime(2024, 1, 31, 10, 0, 0, DateTimeKind.Unspecified).AddTicks(1234560)), "2024-01-31 10:00:00.123456" },
        { "timestamp", 1700000000L, ConvertedValue.FromTimestamp(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Unspecified)), "2023-11-14 22:13:20.000000" },
        { "varchar", "Łódź 👍", ConvertedValue.FromString("Łódź 👍", ValueKind.Varchar), "Łódź 👍" },
        { "varchar", 0.1, ConvertedValue.FromString("0.1", ValueKind.Varchar), "0.1" },
        { "text", "", ConvertedValue.FromString("", ValueKind.Text), "" },
        { "text", null, ConvertedValue.Null(ValueKind.Text), null },
        { "tax rate", null, ConvertedValue.Null(ValueKind.Numeric), null },
    };

    [Theory]
    [MemberData(nameof(SourceAndTarget))]
    public void A_converted_sqlite_value_and_the_value_npgsql_returns_have_the_same_canonical_text(
        string column, object? sqlite, ConvertedValue fromPostgres, string? canonical)
    {
        var spec = Column(column);
        var converted = ValueConverter.Convert(Raw.Of(sqlite), spec).Value;

        Assert.Equal((canonical, canonical), (CanonicalValue.Format(converted, spec), CanonicalValue.Format(fromPostgres, spec)));
        Assert.Equal(new RowHasher().Hash([fromPostgres], [spec]), new RowHasher().Hash([converted], [spec]));
    }

    [Theory]
    [InlineData("0.3", "0.30")]
    [InlineData("0.300000", "0.30")]
    [InlineData("5", "5.00")]
    [InlineData("-0.00", "0.00")]
    [InlineData("-7.1", "-7.10")]
    // A value the column cannot hold keeps its digits, so it cannot pass as equal to its rounding.
    [InlineData("0.305", "0.305")]
    public void Numerics_are_written_at_the_column_scale(string value, string canonical) =>
        Assert.Equal(canonical, CanonicalValue.Format(ConvertedValue.FromDecimal(Expect.Decimal(value)), Columns.Money));

    /// <summary>
    /// The canonical writer builds numerics from the decimal's integer and scale; .NET's own rescaling
    /// (<see cref="DecimalMath.WithScale"/>) and invariant format are the reference it must equal, for every scale
    /// the schema uses, none, and integers of every size up to 96 bits (past 64 bits it takes .NET's path itself).
    /// </summary>
    [Fact]
    public void Numerics_are_written_as_net_writes_them_at_every_scale()
    {
        var random = new Random(20261127);
        var checkedValues = 0;
        for (var i = 0; i < 200_000; i++)
        {
            // Integers of 0 to 96 bits, so the small, the 64-bit limit and the overflow paths all come up.
            var bitsWanted = random.Next(0, 97);
            var magnitude = bitsWanted == 0 ? UInt128.Zero : (RandomUInt128(random) >> (128 - bitsWanted));
            var value = DecimalMath.Make(magnitude, random.Next(2) == 0, random.Next(0, 29));
            foreach (int? scale in new int?[] { null, 0, 2, 3, random.Next(0, 29) })
            {
                var reference = scale is { } s ? DecimalMath.WithScale(value, s) : value == 0m ? decimal.Zero : value;
                Assert.Equal(
                    (value, scale, reference.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    (value, scale, CanonicalValue.Format(ConvertedValue.FromDecimal(value), scale)));
                checkedValues++;
            }
        }

        Assert.Equal(1_000_000, checkedValues);
    }

    private static UInt128 RandomUInt128(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    [Fact]
    public void Negative_zero_decimal_is_zero() =>
        Assert.Equal("0.00", CanonicalValue.Format(ConvertedValue.FromDecimal(new decimal(0, 0, 0, true, 2)), Columns.Money));

    [Fact]
    public void Timestamps_keep_a_kind_independent_form() =>
        Assert.Equal(
            CanonicalValue.Format(ConvertedValue.FromTimestamp(new DateTime(2024, 1, 31, 10, 0, 0, DateTimeKind.Unspecified)), Columns.Timestamp),
            CanonicalValue.Format(ConvertedValue.FromTimestamp(new DateTime(2024, 1, 31, 10, 0, 0, DateTimeKind.Utc)), Columns.Timestamp));

    [Fact]
    public void A_timestamp_finer_than_a_microsecond_shows_seven_digits_so_it_never_passes_as_equal() =>
        Assert.Equal("2024-01-31 10:00:00.0000001",
            CanonicalValue.Format(ConvertedValue.FromTimestamp(new DateTime(2024, 1, 31, 10, 0, 0).AddTicks(1)), Columns.Timestamp));

    [Theory]
    [InlineData("NULL")]
    [InlineData("")]
    [InlineData("\0")]
    public void Null_has_no_text_and_so_equals_no_text(string text)
    {
        Assert.Null(CanonicalValue.Format(ConvertedValue.Null(ValueKind.Text), Columns.Notes));
        Assert.NotNull(CanonicalValue.Format(ConvertedValue.FromString(text), Columns.Notes));
        Assert.NotEqual(new RowHasher().Hash([ConvertedValue.Null(ValueKind.Text)], [Columns.Notes]),
            new RowHasher().Hash([ConvertedValue.FromString(text)], [Columns.Notes]));
    }

    private static ColumnSpec Column(string name) => name switch
    {
        "bigint" => Columns.BigInt,
        "integer" => Columns.Integer,
        "money" => Columns.Money,
        "quantity" => Columns.Quantity,
        "tax rate" => Columns.TaxRate,
        "boolean" => Columns.Boolean,
        "date" => Columns.Date,
        "timestamp" => Columns.Timestamp,
        "varchar" => Columns.Name,
        _ => Columns.Notes,
    };
}
