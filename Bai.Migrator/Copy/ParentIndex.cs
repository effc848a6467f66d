namespace Bai.Migrator.Copy;

/// <summary>
/// A parent table's ids and the account of each, so a child's <c>X_account_id</c> is looked up in the source
/// (target-schema.md) without a join. Ids arrive in ascending order from a rowid table, so two flat arrays and a
/// binary search cost 12 bytes a row and no hashing; a drifted table that is not read in id order is sorted once.
/// Most tables' ids have few gaps, so a lookup first tries the slot the id would have with none, and searches only
/// when that slot holds another id (a binary search over a million ids was 4.5% of the copy's samples).
/// </summary>
internal sealed class ParentIndex
{
    /// <summary>
    /// The account slot of a rejected row of account <paramref name="account"/> (-1: unknown, its account_id was
    /// rejected too): negative, so its
    /// children are rejected with it, and still naming its account, so a child of another account is also named a
    /// cross-account link (that link stays wrong whatever becomes of the parent).
    /// </summary>
    public static int RejectedOf(int account) => -2 - account;

    public static bool IsRejected(int slot) => slot < 0;

    /// <summary>The account of a rejected row's slot, -1 when it is unknown.</summary>
    public static int AccountOfRejected(int slot) => -2 - slot;

    private long[] ids = new long[1024];
    private int[] accounts = new int[1024];
    private int count;
    private bool sorted = true;

    public void Add(long id, int account)
    {
        if (count == ids.Length)
        {
            Array.Resize(ref ids, count * 2);
            Array.Resize(ref accounts, count * 2);
        }

        if (count > 0 && ids[count - 1] >= id)
        {
            sorted = false;
        }

        ids[count] = id;
        accounts[count] = account;
        count++;
    }

    /// <summary>
    /// The ids of a table read in parts (<see cref="SourceParts"/>), each part's after those of the parts before it.
    /// The arrays are sized once for all of them: growing them by doubling, next to the parts' own, was 10–13 MB more
    /// peak memory for the 1M invoices of the 6.3M-row bench.
    /// </summary>
    public void AddAll(IReadOnlyList<ParentIndex> parts)
    {
        var total = count + parts.Sum(p => p.count);
        if (total > ids.Length)
        {
            Array.Resize(ref ids, total);
            Array.Resize(ref accounts, total);
        }

        foreach (var part in parts)
        {
            if (!part.sorted || (count > 0 && part.count > 0 && ids[count - 1] >= part.ids[0]))
            {
                sorted = false;
            }

            Array.Copy(part.ids, 0, ids, count, part.count);
            Array.Copy(part.accounts, 0, accounts, count, part.count);
            count += part.count;
        }
    }

    /// <summary>
    /// Call once the table is read. An id indexed more than once (a drifted table whose id is not its rowid holds
    /// INTEGER 5 and TEXT '5'; the copies after the first are rejected as duplicates) keeps one slot: the row that
    /// loads, which is the one the target holds under that id, else the rejected rows' account when they agree on it.
    /// The sort is unstable, so a lookup found any of them, and a child of the loaded row was rejected with the other.
    /// </summary>
    public void Seal()
    {
        if (sorted)
        {
            return;
        }

        Array.Sort(ids, accounts, 0, count);
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (kept > 0 && ids[kept - 1] == ids[i])
            {
                accounts[kept - 1] = OneOf(accounts[kept - 1], accounts[i]);
                continue;
            }

            ids[kept] = ids[i];
            accounts[kept] = accounts[i];
            kept++;
        }

        count = kept;
        sorted = true;
    }

    /// <summary>The slot of an id two rows share: a loaded row's; for two rejected rows, their account's when it is the
    /// same, else an unknown account (no link is called cross-account by a guess).</summary>
    private static int OneOf(int first, int second) =>
        !IsRejected(first) ? first
        : !IsRejected(second) ? second
        : first == second ? first
        : RejectedOf(-1);

    /// <summary>The account of row <paramref name="id"/>, <see cref="Rejected"/>, or false when no such row exists.</summary>
    public bool TryGetAccount(long id, out int account)
    {
        // Subtracting first: ids span the whole long range, and only an in-range, exact hit skips the search.
        var guess = count == 0 ? -1 : unchecked(id - ids[0]);
        if ((ulong)guess < (ulong)count && ids[guess] == id)
        {
            account = accounts[guess];
            return true;
        }

        var at = Array.BinarySearch(ids, 0, count, id);
        account = at >= 0 ? accounts[at] : 0;
        return at >= 0;
    }
}
