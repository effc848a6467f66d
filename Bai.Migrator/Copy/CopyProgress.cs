namespace Bai.Migrator.Copy;

using System.Collections.Concurrent;
using System.Diagnostics;
using Bai.Core;

/// <summary>Rows read and rejected per table, updated by the copy and read by whatever shows progress.</summary>
internal sealed class CopyProgress
{
    private readonly ConcurrentDictionary<string, TableProgress> tables = new();

    public TableProgress For(string table) => tables.GetOrAdd(table, t => new TableProgress(t));

    public IReadOnlyList<TableProgress> Tables => [.. tables.Values.OrderBy(t => t.Started)];

    public long TotalRows => tables.Values.Sum(t => t.Rows);

    internal sealed class TableProgress(string table)
    {
        private long rows;
        private long rejected;
        private TimeSpan? finished;

        public string Table => table;

        public long Started { get; } = Stopwatch.GetTimestamp();

        public long Rows => Volatile.Read(ref rows);

        public long Rejected => Volatile.Read(ref rejected);

        public bool Done { get; private set; }

        /// <summary>Time spent on the table so far, or in all once it is done.</summary>
        public TimeSpan Elapsed => finished ?? Stopwatch.GetElapsedTime(Started);

        /// <summary>Rows one reader of the table has read (and rejected) since it last said; the parts of a table add up.</summary>
        public void Advance(long rowsRead, long rowsRejected)
        {
            Interlocked.Add(ref rows, rowsRead);
            Interlocked.Add(ref rejected, rowsRejected);
            PausePoints.Reach(PausePoints.CopyOf(table));
        }

        /// <summary>The table is read: its final counts.</summary>
        public void Finish(long rowsRead, long rowsRejected)
        {
            Volatile.Write(ref rows, rowsRead);
            Volatile.Write(ref rejected, rowsRejected);
            finished = Stopwatch.GetElapsedTime(Started);
            Done = true;
        }
    }
}
