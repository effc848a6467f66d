namespace Bai.SampleData.Generation;

/// <summary>
/// What the invoice phase needs to know about one account written in the account phase: its id, currency
/// and the id ranges of its rows (each account's rows of a table are inserted together, so they are contiguous).
/// </summary>
internal sealed class AccountState(string accountId, string currency)
{
    public string AccountId { get; } = accountId;

    public string Currency { get; } = currency;

    public IdRange Users { get; set; }

    public IdRange Items { get; set; }

    public IdRange Customers { get; set; }

    /// <summary>Unit price (cents), tax rate (basis points, -1 for none) and name of each item, by offset in <see cref="Items"/>.</summary>
    public List<(long PriceCents, int TaxBasisPoints, string Name)> ItemCatalog { get; } = [];

    public int InvoicesWritten { get; set; }

    public DateTime NextIssueTime { get; set; }
}
