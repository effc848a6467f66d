namespace Bai.Core.Values;

/// <summary>The hash of one row's canonical values (see <see cref="RowHasher"/>): 128 bits, shown as 32 hex digits.</summary>
public readonly record struct RowHash(UInt128 Value)
{
    public override string ToString() => Value.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
