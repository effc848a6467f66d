namespace Bai.Migrator.Copy;

/// <summary>
/// Every distinct <c>account_id</c> once, as a small number: the parent indexes hold that number instead of a
/// string per row, and comparing accounts is comparing ints.
/// </summary>
internal sealed class AccountDirectory
{
    private readonly Dictionary<string, int> indexes = new(StringComparer.Ordinal);
    private readonly List<string> accounts = [];

    public int IndexOf(string accountId)
    {
        if (!indexes.TryGetValue(accountId, out var index))
        {
            index = accounts.Count;
            accounts.Add(accountId);
            indexes.Add(accountId, index);
        }

        return index;
    }

    public string this[int index] => accounts[index];
}
