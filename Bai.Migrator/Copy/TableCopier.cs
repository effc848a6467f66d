namespace Bai.Migrator.Copy;

using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Bai.Core;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Streams one table from the snapshot into PostgreSQL with binary COPY, every value converted per data-rules.md,
/// every reference resolved to its parent's account through the parents' indexes. A row with any problem is not
/// written; it is handed back whole with every problem found in it.
/// Reading and validating (client CPU) and writing the COPY (client CPU, then the server's) overlap: a thread of its
/// own reads and validates into batches that this method writes, through a <see cref="CopyPipe"/> of a few batches.
/// A large table may be read by several such threads at once, each a range of its ids (<see cref="SourceParts"/>).
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

        if (table.Columns[0].Name == BaiSchema.IdColumn && !SourceParts.IdIsRowId(source, table))
        {
            validator.RememberEveryId();
        }

        // A table that references itself (item_categories.parent_id) is read twice: first to know which of its
        // rows will load, so a child of a rejected row is rejected with it whatever their order in the file.
        if (table.References.Any(r => r.ParentTable == table.Name))
        {
            await validator.PrepareSelfReferencesAsync(source, cancellationToken);
        }

        var ranges = SourceParts.Plan(source, table, context, validator.ChecksAcrossRows);
        span?.SetTag("bai.readers", ranges.Count);
        PartResult[] parts;
        await using (var writer = context.Writing
            ? await PgBinaryCopyWriter.BeginAsync(target, CopyCommand(), cancellationToken)
            : null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pipe = writer is null ? null : new CopyPipe(table, ranges.Count);
            var partIndexes = ranges.Select(_ => IndexForPart(ownIndex, ranges.Count)).ToArray();
            var partRejections = ranges.Select(_ => context.Rejections.ForPart(context.KeepsEveryRejectedRow)).ToArray();
            var reading = Task.WhenAll(ranges.Select((range, i) => Task.Factory.StartNew(
                () => ReadPart(source.DataSource, range, i == 0 ? validator : new SourceRowValidator(context, table), pipe, partIndexes[i], partRejections[i], progress, stop),
                stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
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

                parts = await reading;
                if (ranges.Count > 1 && ownIndex is not null)
                {
                    ownIndex.AddAll(partIndexes!);
                }
            }
            catch
            {
                // Whichever side failed, the others stop, and the readers are done with the snapshot before it is used
                // again. A failed reader is reported as itself, not as the cancellation it caused the others.
                await stop.CancelAsync();
                await reading.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (reading.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } cause)
                {
                    ExceptionDispatchInfo.Throw(cause);
                }

                throw;
            }

            // Under fail, a rejection means nothing commits: the COPY is left incomplete and disposing cancels it.
            if (writer is not null && context.Writing)
            {
                await writer.CompleteAsync(cancellationToken);
            }
        }

        ownIndex?.Seal();
        // The parts' rows in the parts' order, which is the order of ids: the same as one reader's.
        // Every rejected row under quarantine; under fail, those the report keeps (the others are counted).
        var pending = parts.SelectMany(p => p.Rejected.Rows).ToList();
        var rejectedRows = parts.Sum(p => p.Rejected.Total);
        var sourceRows = parts.Sum(p => p.Source);
        var migrated = parts.Sum(p => p.Migrated);
        var lastId = parts.Max(p => p.LastId);
        var lastQuarantinedId = parts.Max(p => p.LastQuarantinedId);
        progress.Finish(sourceRows, rejectedRows);
        await context.Quarantine.StoreAsync(table.Name, pending, target, cancellationToken);
        foreach (var part in parts)
        {
            context.Rejections.AddPart(part.Rejected);
        }

        if (span is { IsAllDataRequested: true } && context.Writing)
        {
            // What the table takes in PostgreSQL (heap and TOAST; the indexes come back in the finish phase).
            await using var size = new NpgsqlCommand($"SELECT pg_table_size('{table.Name}')", target);
            span.SetTag("bai.bytes", await size.ExecuteScalarAsync(cancellationToken));
        }

        span?.SetTag("bai.rows.source", sourceRows);
        span?.SetTag("bai.rows.migrated", migrated);
        span?.SetTag("bai.rows.rejected", rejectedRows);
        MigratorTelemetry.RowsCopied.Add(migrated, new KeyValuePair<string, object?>("table", table.Name));
        MigratorTelemetry.RowsRejected.Add(rejectedRows, new KeyValuePair<string, object?>("table", table.Name));
        return new TableResult(table.Name, sourceRows, migrated, rejectedRows, clock.Elapsed, lastId, ranges.Count, lastQuarantinedId);
    }

    /// <summary>
    /// A parent read in parts: each part indexes its own ids into an index of its own, and the parts' indexes join the
    /// table's in order once all are read. A parent read whole indexes straight into the table's.
    /// </summary>
    private static ParentIndex? IndexForPart(ParentIndex? tableIndex, int parts) =>
        tableIndex is not null && parts > 1 ? new ParentIndex() : tableIndex;

    /// <summary>One part of the table on a thread of its own, through a cursor of its own on the snapshot (nothing
    /// writes the snapshot, and the cursor serves this thread alone, so it needs none of SQLite's locking).</summary>
    private PartResult ReadPart(
        string snapshotPath, IdRange range, SourceRowValidator partValidator, CopyPipe? pipe, ParentIndex? ownIndex,
        RejectionLog rejected, CopyProgress.TableProgress progress, CancellationTokenSource stop)
    {
        try
        {
            using var cursor = SqliteRowCursor.Open(snapshotPath, SourceQuery.For(table, range));
            return Read(cursor, partValidator, pipe, ownIndex, rejected, progress, stop.Token);
        }
        catch (SqliteException e) when (SqliteFile.IsDamaged(e))
        {
            // The snapshot's backup copies pages without reading them, so a damaged page of the source surfaces here,
            // in the table that holds it. Nothing of this run commits.
            StopOthers(stop);
            throw new BaiEnvironmentException(
                $"The SQLite source is damaged in table {table.Name} ({e.Message.TrimEnd('.')}; the snapshot '{snapshotPath}' is a page-for-page copy of it), and nothing was loaded; repair a copy of the source (sqlite3 SOURCE .recover | sqlite3 repaired.db), check what it recovered, and migrate that copy.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StopOthers(stop);
            throw;
        }
        finally
        {
            pipe?.Complete();
        }
    }

    /// <summary>
    /// A failed part ends the run, so the other parts stop now rather than read the rest of their ranges (at 6M rows,
    /// seconds of reading) before the failure is reported; the writer stops too, and reports this part's exception.
    /// </summary>
    private static void StopOthers(CancellationTokenSource stop) => stop.Cancel();

    /// <summary>
    /// The reading side: one row in memory at a time, validated, remembered in the table's parent index, and either
    /// rejected or added to a batch for the writer (none when <paramref name="pipe"/> is null).
    /// </summary>
    private PartResult Read(
        SqliteRowCursor reader, SourceRowValidator partValidator, CopyPipe? pipe, ParentIndex? ownIndex,
        RejectionLog rejected, CopyProgress.TableProgress progress, CancellationToken cancellationToken)
    {
        var row = new SourceRow(table);
        var batch = pipe?.Rent(cancellationToken);
        long sourceRows = 0, migrated = 0, reportedRows = 0, reportedRejected = 0;
        long? lastId = null, lastQuarantinedId = null;
        var hasId = table.Columns[0].Name == BaiSchema.IdColumn;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            sourceRows++;
            row.Load(reader);
            var problems = partValidator.Validate(row);
            if (problems is not null)
            {
                ownIndex?.Add(row.IdForIndex, ParentIndex.RejectedOf(row.AccountIndex));
                if (hasId && row.IsConverted(0) && !row.Value(0).IsNull && (lastQuarantinedId is null || row.Id > lastQuarantinedId))
                {
                    lastQuarantinedId = row.Id;
                }

                rejected.Add(row.Reject(problems));
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
                progress.Advance(sourceRows - reportedRows, rejected.Total - reportedRejected);
                (reportedRows, reportedRejected) = (sourceRows, rejected.Total);
            }
        }

        if (batch is { Count: > 0 } && context.Writing)
        {
            pipe!.Send(batch, cancellationToken);
        }

        return new PartResult(sourceRows, migrated, lastId, lastQuarantinedId, rejected);
    }

    /// <summary>FREEZE: the table was created or truncated in this transaction, so its rows can be written frozen.</summary>
    private string CopyCommand() =>
        $"COPY {table.Name} ({string.Join(", ", table.TargetColumns)}) FROM STDIN (FORMAT BINARY{(context.Freeze ? ", FREEZE" : "")})";

    private sealed record PartResult(long Source, long Migrated, long? LastId, long? LastQuarantinedId, RejectionLog Rejected);
}
