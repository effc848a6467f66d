namespace Bai.SampleData;

/// <summary>
/// One thing the generator did to a file on purpose, so a test can assert that the tool reports exactly it.
/// </summary>
/// <param name="Kind">The kind of damage (or odd-but-valid value).</param>
/// <param name="Table">The table written to, or the table added or dropped.</param>
/// <param name="RowId">The row's <c>id</c>; null when the damage is about the schema, not a row.</param>
/// <param name="Column">The column written to; null when the damage is about a whole table.</param>
/// <param name="RawValue">
/// The value as stored: <see cref="long"/>, <see cref="double"/>, <see cref="string"/>, a <see cref="byte"/> array
/// (for <see cref="SqliteStorageClass.Blob"/>, and for TEXT whose bytes are not UTF-8), or null.
/// </param>
/// <param name="StorageClass">The storage class the value has in the file.</param>
/// <param name="Expected">
/// For valid conversions only: what PostgreSQL must hold, written canonically (numeric <c>0.30</c>, timestamp
/// <c>2024-03-01 12:30:00.000000</c> in UTC, date <c>2024-03-01</c>, integer <c>7</c>, boolean <c>true</c>).
/// Null for damage, which must be rejected.
/// </param>
public sealed record GeneratedDamage(
    DamageKind Kind,
    string Table,
    long? RowId,
    string? Column,
    object? RawValue,
    SqliteStorageClass StorageClass,
    string? Expected = null)
{
    /// <summary>True when the value is legal and must load as <see cref="Expected"/>; false when it must be rejected.</summary>
    public bool IsValidConversion => DamageKinds.IsValidConversion(Kind);
}
