namespace Bai.Verifier;

/// <summary>
/// How rows are grouped by account when counting: the <c>account_id</c>'s text form (<see cref="Bai.Core.Values.RawValue.TextForm"/>:
/// a number as the digits it loads as), or one bucket for rows whose <c>account_id</c> has none (NULL, a BLOB, invalid
/// UTF-8, a NUL character). Such rows can only be rejected, and the quarantine keeps them with <c>account_id</c> NULL,
/// so both sides put them in the same bucket.
/// </summary>
internal static class AccountKey
{
    public const string None = "(no valid account_id)";

    public static string Of(string? accountId) =>
        accountId is null || accountId.Contains('\0', StringComparison.Ordinal) ? None : accountId;

    /// <summary>The account for a finding: null for the bucket of rows without one.</summary>
    public static string? ForFinding(string key) => key == None ? null : key;
}
