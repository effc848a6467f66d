namespace Bai.Migrator.Tests.BadInput;

using Bai.Core.Schema;

/// <summary>A value to write: a parameter (bound as its .NET type, so the column's affinity decides the storage class), or SQL for what no parameter carries.</summary>
public sealed record RandomValue(object? Parameter, string? Sql = null);

/// <summary>The values <see cref="RandomDamage"/> writes: each kind data-rules.md names, in every storage class.</summary>
public static class RandomValues
{
    private static readonly RandomValue[] Any =
    [
        new(null),

        // INTEGER: small, at the edges of integer and bigint, past a double's exact integers, Unix epoch seconds and milliseconds.
        new(0L), new(1L), new(-1L), new(2L), new(42L), new(2_147_483_648L), new(9_007_199_254_740_993L), new(long.MaxValue),
        new(long.MinValue), new(1_700_000_000L), new(1_700_000_000_123L),

        // REAL: a Python sum, exact and whole values, a loss at scale 2, out of every range, signed zero, an epoch, infinity.
        new(0.1 + 0.2), new(12.5), new(2.0), new(0.123456), new(1e300), new(-0.0), new(1_700_000_000.5), new(double.PositiveInfinity), new(1e-7),

        // TEXT: the placeholders of hand-run fixes, booleans, dates valid and impossible, timestamps with zones, numbers as text.
        new(""), new(" "), new("N/A"), new("—"), new("true"), new("No"), new("T"), new("yes"), new("2024-02-29"), new("2023-02-29"),
        new("2024-02-30"), new("2024-01-01 00:00:00"), new("2024-01-01 10:30:00.123456"), new("2024-01-01T10:30:00Z"),
        new("2024-01-01 10:30:00+02:00"), new("01/02/2024"), new("12"), new("12.50"), new("-0"), new("1e3"), new("0x10"), new(" 12"),
        new("9223372036854775808"), new("99999999999.999"), new("a\0b"), new("😀"), new("Zürich"),
        new(new string('x', 101)), new(new string('é', 256)), new(new string('y', 501)),

        // BLOB, and TEXT whose bytes are not UTF-8 (what a CSV import in another encoding leaves).
        new(new byte[] { 0 }), new(new byte[] { 0xff, 0xfe }), new(null, "CAST(x'c328' AS TEXT)"), new(null, "CAST(x'ff' AS TEXT)"),
    ];

    /// <summary>
    /// One value for <paramref name="column"/>: a third of the time one made for it (a parent's id that exists or does
    /// not, another account, text at and past its length), else any of <see cref="Any"/>.
    /// </summary>
    public static RandomValue Pick(Random random, ColumnSpec column, IReadOnlyList<string> accounts, IReadOnlyList<long> parentIds)
    {
        if (random.Next(3) > 0)
        {
            return Any[random.Next(Any.Length)];
        }

        if (parentIds.Count > 0)
        {
            return random.Next(2) == 0 ? new(parentIds[random.Next(parentIds.Count)]) : new(parentIds.Max() + 1_000);
        }

        if (column.Name == BaiSchema.AccountIdColumn)
        {
            return random.Next(2) == 0 ? new(accounts[random.Next(accounts.Count)]) : new(new string('a', 101));
        }

        return column.MaxLength is { } length
            ? new(new string('w', length + random.Next(2)))
            : Any[random.Next(Any.Length)];
    }
}
