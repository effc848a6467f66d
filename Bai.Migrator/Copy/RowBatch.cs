namespace Bai.Migrator.Copy;

using Bai.Core.Schema;
using Bai.Core.Values;

/// <summary>
/// A batch of converted rows on their way from the reading thread to the COPY: each row's values and the account
/// its references carry. A table's batches are allocated once and passed back and forth (<see cref="CopyPipe"/>),
/// so the copy's memory stays flat whatever the size of the file.
/// </summary>
internal sealed class RowBatch(TableSpec table, int capacity)
{
    private readonly int columns = table.Columns.Count;
    private readonly int fields = table.TargetColumns.Count;
    private readonly ConvertedValue[] values = new ConvertedValue[table.Columns.Count * capacity];
    private readonly string?[] accounts = new string?[capacity];
    private readonly bool[] isReference = [.. table.Columns.Select(c => table.ReferenceFor(c.Name) is not null)];

    public int Count { get; private set; }

    public bool IsFull => Count == accounts.Length;

    public void Clear() => Count = 0;

    /// <summary>Takes a validated row's values; <paramref name="account"/> is the account of its references.</summary>
    public void Add(SourceRow row, string? account)
    {
        var offset = Count * columns;
        for (var i = 0; i < columns; i++)
        {
            values[offset + i] = row.Value(i);
        }

        accounts[Count] = account;
        Count++;
    }

    /// <summary>
    /// Writes the rows in <see cref="TableSpec.TargetColumns"/> order: each reference's account column just before
    /// its id. Synchronous on purpose: this is the hot loop, and the writer's buffered writes rarely block.
    /// </summary>
    public void WriteTo(PgBinaryCopyWriter writer)
    {
        for (var r = 0; r < Count; r++)
        {
            writer.StartRow(fields);
            var offset = r * columns;
            for (var i = 0; i < columns; i++)
            {
                ref readonly var value = ref values[offset + i];
                if (isReference[i])
                {
                    // The referenced row's account: the validator has checked that it is this row's own.
                    if (value.IsNull)
                    {
                        writer.WriteNull();
                    }
                    else
                    {
                        writer.WriteText(accounts[r]!);
                    }
                }

                writer.Write(value);
            }
        }
    }
}
