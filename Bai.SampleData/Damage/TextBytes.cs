namespace Bai.SampleData.Damage;

/// <summary>
/// Bytes to store as a TEXT value exactly as given (<c>CAST(blob AS TEXT)</c>), which is how a value with
/// invalid UTF-8 or an embedded NUL reaches a file: SQLite stores whatever bytes it is handed.
/// </summary>
internal sealed record TextBytes(byte[] Bytes);
