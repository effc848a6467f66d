namespace Bai.Verifier.Checks.Content;

using Bai.Core.Values;

/// <summary>One account's rows in one table as the source scan tallies them: all rows, and for a sampled account its ids.</summary>
internal sealed class AccountTally(bool sampled)
{
    public long Rows { get; set; }

    /// <summary>The ids of the account's rows that the run did not quarantine; null unless the account is sampled.</summary>
    public TableChecksum? Ids { get; } = sampled ? new TableChecksum() : null;
}
