using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

/// <summary>Builds a <see cref="RawValue"/> from an InlineData argument: null is NULL, an integer INTEGER,
/// a double REAL, a string TEXT, a byte[] BLOB.</summary>
internal static class Raw
{
    public static RawValue Of(object? value) => value switch
    {
        null => RawValue.Null,
        int i => RawValue.FromInteger(i),
        long l => RawValue.FromInteger(l),
        double d => RawValue.FromReal(d),
        string s => RawValue.FromText(s),
        byte[] b => RawValue.FromBlob(b),
        _ => throw new ArgumentException($"No SQLite storage class for {value.GetType()}.", nameof(value)),
    };
}
