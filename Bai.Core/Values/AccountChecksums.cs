namespace Bai.Core.Values;

/// <summary>The checksums of one table, per <c>account_id</c> (issue 4: "a checksum per table and account").</summary>
public sealed class AccountChecksums
{
    private readonly Dictionary<string, TableChecksum> _byAccount = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TableChecksum> ByAccount => _byAccount;

    public void Add(string accountId, RowHash row)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!_byAccount.TryGetValue(accountId, out var checksum))
        {
            checksum = new TableChecksum();
            _byAccount.Add(accountId, checksum);
        }

        checksum.Add(row);
    }

    /// <summary>The whole table: every account's checksum added up.</summary>
    public TableChecksum Total()
    {
        var total = new TableChecksum();
        foreach (var checksum in _byAccount.Values)
        {
            total.Add(checksum);
        }

        return total;
    }
}
