namespace Bai.Migrator.Copy;

using Bai.Core.Schema;

/// <summary>What the tables of one copy share: the accounts, the parents' indexes, the rejections, the policy.</summary>
internal sealed class CopyContext(
    BadRowsPolicy policy, bool freeze, CopyProgress progress, QuarantineStore quarantine, int readers = 1, long rowsPerReader = long.MaxValue)
{
    private readonly Dictionary<string, ParentIndex> parents =
        BaiSchema.TenantTables.SelectMany(t => t.References).Select(r => r.ParentTable).Distinct().ToDictionary(t => t, _ => new ParentIndex());

    private bool writing = true;

    public AccountDirectory Accounts { get; } = new();

    public RejectionLog Rejections { get; } = new();

    public CopyProgress Progress => progress;

    public QuarantineStore Quarantine => quarantine;

    /// <summary>Rows may be written FREEZE: their tables were created or truncated in this transaction.</summary>
    public bool Freeze => freeze;

    /// <summary>How many threads may read one large table at once (<see cref="SourceParts"/>).</summary>
    public int Readers => readers;

    /// <summary>The fewest ids a part of a table is given: a smaller table is read by one thread.</summary>
    public long RowsPerReader => rowsPerReader;

    /// <summary>
    /// Under <c>fail</c>, the first rejected row means nothing will be committed: from then on the copy only reads
    /// and checks, to report every problem of the file in one run, and writes nothing more.
    /// </summary>
    public bool Writing => Volatile.Read(ref writing);

    /// <summary>Whether every rejected row is kept whole until its table is read: the quarantine stores each. Under
    /// <c>fail</c> only the rows the report shows are (<see cref="RejectionLog.ForPart"/>).</summary>
    public bool KeepsEveryRejectedRow => policy == BadRowsPolicy.Quarantine;

    public bool IsParent(string table) => parents.ContainsKey(table);

    public ParentIndex IndexFor(string table) => parents[table];

    public void OnRejected()
    {
        if (policy == BadRowsPolicy.Fail)
        {
            Volatile.Write(ref writing, false);
        }
    }
}
