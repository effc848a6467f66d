namespace Bai.SampleData.Tests;

/// <summary>One stored value as SQLite holds it: its storage class (<c>typeof()</c>) and its exact content.</summary>
public sealed record SqliteCell(SqliteStorageClass StorageClass, object? Value)
{
    public bool Matches(SqliteStorageClass storageClass, object? value) =>
        StorageClass == storageClass && (Value, value) switch
        {
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (byte[] a, string b) => a.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(b)),
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            var (a, b) => Equals(a, b),
        };

    public override string ToString() => $"{StorageClass}:{Value switch { byte[] b => Convert.ToHexString(b), var v => v }}";
}
