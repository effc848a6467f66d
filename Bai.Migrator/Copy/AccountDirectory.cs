namespace Bai.Migrator.Copy;

using System.Collections.Concurrent;

/// <summary>
/// Every distinct <c>account_id</c> once, as a small number: the parent indexes hold that number instead of a
/// string per row, and comparing accounts is comparing ints. Safe for the readers of one table's parts
/// (<see cref="SourceParts"/>): a lookup takes no lock, and only an account seen for the first time does.
/// </summary>
internal sealed class AccountDirectory
{
    private readonly ConcurrentDictionary<string, int> indexes = new(StringComparer.Ordinal);
    private readonly Lock adding = new();
    private string[] accounts = new string[64];
    private int count;

    public int IndexOf(string accountId)
    {
        if (indexes.TryGetValue(accountId, out var index))
        {
            return index;
        }

        lock (adding)
        {
            if (indexes.TryGetValue(accountId, out index))
            {
                return index;
            }

            if (count == accounts.Length)
            {
                // A new array, so a reader holding the old one still finds every account it was given.
                var larger = new string[count * 2];
                accounts.CopyTo(larger, 0);
                Volatile.Write(ref accounts, larger);
            }

            index = count;
            accounts[index] = accountId;
            count++;
            // Published last: whoever finds the number finds its account in the array.
            indexes[accountId] = index;
            return index;
        }
    }

    public string this[int index] => Volatile.Read(ref accounts)[index];
}
