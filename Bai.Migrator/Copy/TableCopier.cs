namespace Bai.Migrator.Copy;

using System.Diagnostics;
using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Streams one table from the snapshot into PostgreSQL with binary COPY: one row in memory at a time, every value
/// converted per data-rules.md, every reference resolved to its parent's account through the parents' indexes.
/// A row with any problem is not written; it is handed back whole with every problem found in it.
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
        long sourceRows = 0, migrated = 0;
        await using (var importer = context.Writing
            ? await target.BeginBinaryImportAsync(CopyCommand(), cancellationToken)
            : null)
        {
            await using var command = source.CreateCommand();
            command.CommandText = SourceQuery.For(table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new SourceRow(table);
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
                    if (importer is not null && context.Writing)
                    {
                        row.Write(importer, context.Accounts);
                    }

                    migrated++;
                }

                if ((sourceRows & 0x3FFF) == 0)
                {
                    progress.Report(sourceRows, pending.Count);
                }
            }

            if (importer is not null && context.Writing)
            {
                await importer.CompleteAsync(cancellationToken);
            }
        }

        ownIndex?.Seal();
        progress.Report(sourceRows, pending.Count, done: true);
        await context.Quarantine.StoreAsync(table.Name, pending, target, cancellationToken);
        foreach (var rejected in pending)
        {
            context.Rejections.Add(rejected);
        }

        span?.SetTag("bai.rows.source", sourceRows);
        span?.SetTag("bai.rows.migrated", migrated);
        span?.SetTag("bai.rows.rejected", pending.Count);
        MigratorTelemetry.RowsCopied.Add(migrated, new KeyValuePair<string, object?>("table", table.Name));
        MigratorTelemetry.RowsRejected.Add(pending.Count, new KeyValuePair<string, object?>("table", table.Name));
        return new TableResult(table.Name, sourceRows, migrated, pending.Count, clock.Elapsed);
    }

    /// <summary>FREEZE: the table was created or truncated in this transaction, so its rows can be written frozen.</summary>
    private string CopyCommand() =>
        $"COPY {table.Name} ({string.Join(", ", table.TargetColumns)}) FROM STDIN (FORMAT BINARY{(context.Freeze ? ", FREEZE" : "")})";
}
