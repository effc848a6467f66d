namespace Bai.Migrator.Copy;

using System.Threading.Channels;
using Bai.Core.Schema;

/// <summary>
/// Hands a table's <see cref="RowBatch"/>es from the thread that reads and validates the snapshot to the one that
/// writes the COPY, and back. Both channels are bounded by the number of batches, allocated once: the reader waits
/// when the writer is behind (and the other way round), so memory stays flat however big the table.
/// The reading side blocks (it runs on its own thread, as SQLite's reads are synchronous); the writing side awaits.
/// A table read in parts (<see cref="SourceParts"/>) has one reader per part and as many batches for each.
/// </summary>
internal sealed class CopyPipe
{
    public const int BatchRows = 1024;
    public const int BatchesPerReader = 4;

    private readonly Channel<RowBatch> free;
    private readonly Channel<RowBatch> full;
    private int reading;

    public CopyPipe(TableSpec table, int readers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readers, 1);
        reading = readers;
        var batches = BatchesPerReader * readers;
        free = Channel.CreateBounded<RowBatch>(Options(batches, singleReader: readers == 1, singleWriter: true));
        full = Channel.CreateBounded<RowBatch>(Options(batches, singleReader: true, singleWriter: readers == 1));
        for (var i = 0; i < batches; i++)
        {
            free.Writer.TryWrite(new RowBatch(table, BatchRows));
        }
    }

    /// <summary>Reading side: an empty batch, waiting for the writer to return one if all are in flight.</summary>
    public RowBatch Rent(CancellationToken cancellationToken) =>
        free.Reader.TryRead(out var batch) ? batch : free.Reader.ReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>Reading side: a filled batch for the writer.</summary>
    public void Send(RowBatch batch, CancellationToken cancellationToken)
    {
        if (!full.Writer.TryWrite(batch))
        {
            full.Writer.WriteAsync(batch, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Reading side: this reader sends no more batches; once every reader has said so, the writer's loop ends.</summary>
    public void Complete()
    {
        if (Interlocked.Decrement(ref reading) == 0)
        {
            full.Writer.TryComplete();
        }
    }

    /// <summary>Writing side: the filled batches in order, until the reading side completes.</summary>
    public IAsyncEnumerable<RowBatch> ReceiveAllAsync(CancellationToken cancellationToken) => full.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Writing side: a written batch goes back to be filled again.</summary>
    public void Return(RowBatch batch)
    {
        batch.Clear();
        free.Writer.TryWrite(batch);
    }

    private static BoundedChannelOptions Options(int capacity, bool singleReader, bool singleWriter) =>
        new(capacity) { SingleReader = singleReader, SingleWriter = singleWriter, FullMode = BoundedChannelFullMode.Wait };
}
