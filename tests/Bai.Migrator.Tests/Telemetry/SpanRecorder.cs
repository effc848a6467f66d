namespace Bai.Migrator.Tests.Telemetry;

using System.Collections;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

/// <summary>
/// OpenTelemetry's in-memory exporter on the workers' ActivitySources. Listeners are process-wide and other test
/// classes migrate in parallel, so spans are kept in a locked list and read back one trace at a time.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly LockedList spans = new();
    private readonly TracerProvider provider;

    public SpanRecorder(params string[] sources) =>
        provider = Sdk.CreateTracerProviderBuilder().AddSource(sources).AddInMemoryExporter(spans).Build();

    /// <summary>The ended spans of one trace, in the order they started.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId)
    {
        provider.ForceFlush();
        return [.. spans.Snapshot().Where(s => s.TraceId == traceId).OrderBy(s => s.StartTimeUtc)];
    }

    public void Dispose() => provider.Dispose();

    /// <summary>The exporter only adds; the lock keeps a parallel export from tearing a read.</summary>
    private sealed class LockedList : ICollection<Activity>
    {
        private readonly List<Activity> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public void Add(Activity item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
