using System.Globalization;

namespace Bai.Core.Values;

/// <summary>
/// An order-independent checksum of a set of rows (one table, one account, or an id range of it): the row count
/// and the sum of the row hashes modulo 2^128. Updated row by row while streaming, in any order, so the
/// source (read by id) and the target (read by account_id, id) can be compared without buffering; ranges can be
/// compared for bisection. A sum, not an XOR, so two equal rows do not cancel out.
/// Shown as <c>{count}:{sum as 32 hex digits}</c>.
/// </summary>
public sealed class TableChecksum : IEquatable<TableChecksum>
{
    public long RowCount { get; private set; }

    public UInt128 Sum { get; private set; }

    public void Add(RowHash row)
    {
        RowCount++;
        Sum = unchecked(Sum + row.Value);
    }

    /// <summary>Adds the rows of another checksum (e.g. per-account checksums into a table's).</summary>
    public void Add(TableChecksum other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RowCount += other.RowCount;
        Sum = unchecked(Sum + other.Sum);
    }

    public bool Equals(TableChecksum? other) => other is not null && RowCount == other.RowCount && Sum == other.Sum;

    public override bool Equals(object? obj) => Equals(obj as TableChecksum);

    public override int GetHashCode() => HashCode.Combine(RowCount, Sum);

    public override string ToString() =>
        RowCount.ToString(CultureInfo.InvariantCulture) + ":" + Sum.ToString("x32", CultureInfo.InvariantCulture);
}
