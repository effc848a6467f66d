namespace Bai.Migrator.Copy;

using Bai.Core;
using Bai.Core.Schema;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// Step 4: every table, parents before children (<see cref="BaiSchema.AllTables"/>), streamed from the snapshot
/// into the copy's transaction. One connection, one transaction: what lands is all of it or none of it.
/// </summary>
internal static class CopyPhase
{
    public static async Task<IReadOnlyList<TableResult>> RunAsync(
        CopyContext context, SqliteConnection source, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        var results = new List<TableResult>();
        foreach (var table in BaiSchema.AllTables)
        {
            var copier = new TableCopier(context, table);
            results.Add(await copier.CopyAsync(source, target, cancellationToken));
            await PausePoints.ReachAsync(PausePoints.AfterCopyOf(table.Name), cancellationToken);
        }

        return results;
    }
}
