namespace Bai.Core.Schema;

/// <summary>One BAI table: its legacy columns in legacy order, and its references.</summary>
public sealed record TableSpec(string Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<ReferenceSpec> References)
{
    /// <summary>Tenant tables carry <c>account_id</c> and get the key <c>(account_id, id)</c>.</summary>
    public bool IsTenant => Columns.Any(c => c.Name == BaiSchema.AccountIdColumn);

    public ColumnSpec Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"{Name} has no column {name}.");

    /// <summary>The position of column <paramref name="name"/> in <see cref="Columns"/>; -1 when the table has none.</summary>
    public int OrdinalOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    public ReferenceSpec? ReferenceFor(string column) => References.FirstOrDefault(r => r.Column == column);

    /// <summary>
    /// The target's columns in load order: the legacy columns, each reference's account column placed
    /// just before its id column.
    /// </summary>
    public IReadOnlyList<string> TargetColumns { get; } = BuildTargetColumns(Columns, References);

    private static string[] BuildTargetColumns(IReadOnlyList<ColumnSpec> columns, IReadOnlyList<ReferenceSpec> references)
    {
        var result = new List<string>(columns.Count + references.Count);
        foreach (var column in columns)
        {
            var reference = references.FirstOrDefault(r => r.Column == column.Name);
            if (reference is not null)
            {
                result.Add(reference.AccountColumn);
            }

            result.Add(column.Name);
        }

        return [.. result];
    }
}
