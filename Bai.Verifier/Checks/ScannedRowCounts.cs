namespace Bai.Verifier.Checks;

/// <summary>
/// Rows per table and <see cref="AccountKey"/> on each side, as <see cref="CountsCheck"/> compares them: the source
/// counting every row of the file (quarantined and unconvertible ones too) by its stored <c>account_id</c>, the
/// target every row by its <c>account_id</c>.
/// </summary>
internal sealed record ScannedRowCounts(
    Dictionary<string, Dictionary<string, long>> Source,
    Dictionary<string, Dictionary<string, long>> Target);
