namespace Bai.Migrator.Copy;

using System.Diagnostics;
using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Streams one table from the snapshot into PostgreSQL with binary COPY, every value converted per data-rules.md,
/// every reference resolved to its parent's account through the parents' indexes. A row with any problem is not
/// written; it is handed back whole with every problem found in it.
/// Reading and validating (client CPU) and writing the COPY (client CPU, then the server's) overlap: a thread of its
/// own reads and validates into batches that this method writes, through a <see cref="CopyPipe"/> of a few batches.
/// </summary>
internal sealed class TableCopier(CopyContext context, TableSpec table)
{
    private readonly SourceRowValidator validator = new(context, table);

    public async Task<TableResult> CopyAsync(SqliteConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var span = MigratorTelemetry.StartTable("copy", table.Name);
        var ownIndex = context.IsParent(table.Name) ? context.IndexFor(table.Name) : null;
        var progress = context.Progress.For(table.Name);

        // A table that references itself (item_categories.parent_id) is read twice: first to know which of its
        // rows will load, so a child of a rejected row is rejected with it whatever their order in the file.
        if (table.References.Any(r => r.ParentTable == table.Name))
        {
            await validator.PrepareSelfReferencesAsync(source, cancellationToken);
        }

        var pending = new List<RejectedSourceRow>();
        (long Source, long Migrated, long? LastId) counts;
        await using (var writer = context.Writing
            ? await PgBinaryCopyWriter.BeginAsync(target, CopyCommand(), cancellationToken)
            : null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pipe = writer is null ? null : new CopyPipe(table);
            var reading = Task.Factory.StartNew(
                () => Read(source, pipe, ownIndex, progress, pending, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                if (pipe is not null)
                {
                    await foreach (var batch in pipe.ReceiveAllAsync(stop.Token))
                    {
                        batch.WriteTo(writer!);
                        pipe.Return(batch);
                    }
                }

                counts = await reading;
            }
            catch
            {
                // Whichever side failed, the other stops, and the reader is done with the snapshot before it is used again.
                await stop.CancelAsync();
                await reading.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }

            // Under fail, a rejection means nothing commits: the COPY is left incomplete and disposing cancels it.
            if (writer is not null && context.Writing)
            {
                await writer.CompleteAsync(cancellationToken);
            }
        }

        ownIndex?.Seal();
        progress.Report(counts.Source, pending.Count, done: true);
        await context.Quarantine.StoreAsync(table.Name, pending, target, cancellationToken);
        foreach (var rejected in pending)
        {
            context.Rejections.Add(rejected);
        }

        if (span is { IsAllDataRequested: true } && context.Writing)
        {
            // What the table takes in PostgreSQL (heap and TOAST; the indexes come back in the finish phase).
            await using var size = new NpgsqlCommand($"SELECT pg_table_size('{table.Name}')", target);
            span.SetTag("bai.bytes", await size.ExecuteScalarAsync(cancellationToken));
        }

        span?.SetTag("bai.rows.source", counts.Source);
        span?.SetTag("bai.rows.migrated", counts.Migrated);
        span?.SetTag("bai.rows.rejected", pending.Count);
        MigratorTelemetry.RowsCopied.Add(counts.Migrated, new KeyValuePair<string, object?>("table", table.Name));
        MigratorTelemetry.RowsRejected.Add(pending.Count, new KeyValuePair<string, object?>("table", table.Name));
        return new TableResult(table.Name, counts.Source, counts.Migrated, pending.Count, clock.Elapsed, counts.LastId);
    }

    /// <summary>
    /// The reading side, on its own thread: one row in memory at a time, validated, remembered in the table's parent
    /// index, and either rejected or added to a batch for the writer (none when <paramref name="pipe"/> is null).
    /// </summary>
    private (long Source, long Migrated, long? LastId) Read(
        SqliteConnection source, CopyPipe? pipe, ParentIndex? ownIndex, CopyProgress.TableProgress progress, List<RejectedSourceRow> pending, CancellationToken cancellationToken)
    {
        try
        {
            using var command = source.CreateCommand();
            command.CommandText = SourceQuery.For(table);
            using var reader = command.ExecuteReader();
            var row = new SourceRow(table);
            var batch = pipe?.Rent(cancellationToken);
            long sourceRows = 0, migrated = 0;
            long? lastId = null;
            var hasId = table.Columns[0].Name == BaiSchema.IdColumn;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                sourceRows++;
                row.Load(reader);
                var problems = validator.Validate(row);
                if (problems is not null)
                {
                    ownIndex?.Add(row.IdForIndex, ParentIndex.Rejected);
                    pending.Add(row.Reject(problems));
                    context.OnRejected();
                }
                else
                {
                    ownIndex?.Add(row.Id, row.AccountIndex);
                    if (hasId && !row.Value(0).IsNull && (lastId is null || row.Id > lastId))
                    {
                        lastId = row.Id;
                    }

                    if (batch is not null && context.Writing)
                    {
                        batch.Add(row, row.AccountIndex >= 0 ? context.Accounts[row.AccountIndex] : null);
                        if (batch.IsFull)
                        {
                            pipe!.Send(batch, cancellationToken);
                            batch = pipe.Rent(cancellationToken);
                        }
                    }

                    migrated++;
                }

                if ((sourceRows & 0x3FFF) == 0)
                {
                    progress.Report(sourceRows, pending.Count);
                }
            }

            if (batch is { Count: > 0 } && context.Writing)
            {
                pipe!.Send(batch, cancellationToken);
            }

            return (sourceRows, migrated, lastId);
        }
        finally
        {
            pipe?.Complete();
        }
    }

    /// <summary>FREEZE: the table was created or truncated in this transaction, so its rows can be written frozen.</summary>
    private string CopyCommand() =>
        $"COPY {table.Name} ({string.Join(", ", table.TargetColumns)}) FROM STDIN (FORMAT BINARY{(context.Freeze ? ", FREEZE" : "")})";
}
