namespace Bai.Migrator.Reporting;

using System.Collections.Concurrent;
using System.Diagnostics;
using Bai.Verifier;

/// <summary>
/// How long each step of a run took, read from the run's own spans as they end, so the report and the summary give
/// the durations the trace gives in the dashboard, also when nothing exports the trace. Like pgloader's summary, it
/// says where a run's time went (the copy, the keys and indexes, the foreign keys, the commit...) without a profiler,
/// and the process's CPU time beside each step says whether the client or the server was working.
/// </summary>
internal sealed class StepTimings : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentDictionary<Activity, TimeSpan> cpuAtStart = new();
    private readonly ConcurrentQueue<(DateTime Start, string Step, TimeSpan Wall, TimeSpan Cpu)> ended = new();
    private Activity? run;

    public StepTimings()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MigratorTelemetry.Name or VerifierTelemetry.Name,
            // The spans exist even when nothing exports them; an exporter's own sampler still decides what it records.
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = OnStarted,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The run's root span. Only its own steps count: one process may run several migrations (the tests do).</summary>
    public void Follow(Activity? root) => run = root;

    /// <summary>The steps that ended, in the order they started; a step that ran twice (connect) is summed.</summary>
    public IReadOnlyList<StepTiming> ToList() =>
    [
        .. ended.OrderBy(e => e.Start)
            .GroupBy(e => e.Step)
            .Select(g => new StepTiming(g.Key, g.Sum(e => e.Wall.TotalSeconds), g.Sum(e => e.Cpu.TotalSeconds))),
    ];

    public void Dispose() => listener.Dispose();

    private void OnStarted(Activity activity)
    {
        if (IsStep(activity))
        {
            cpuAtStart[activity] = Environment.CpuUsage.TotalTime;
        }
    }

    private void OnStopped(Activity activity)
    {
        // Only a span that was a step of this run when it started has a start time here.
        if (cpuAtStart.TryRemove(activity, out var cpu))
        {
            var step = MigratorTelemetry.PhaseOf(activity) ?? activity.OperationName;
            ended.Enqueue((activity.StartTimeUtc, step, activity.Duration, Environment.CpuUsage.TotalTime - cpu));
        }
    }

    private bool IsStep(Activity activity)
    {
        if (!IsStepName(activity))
        {
            return false;
        }

        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent == run)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The guide's phases, with the finish phase's parts in place of it, and the verifier's run.</summary>
    private static bool IsStepName(Activity activity) => activity.Source.Name switch
    {
        MigratorTelemetry.Name => MigratorTelemetry.PhaseOf(activity) is { } phase
            ? phase != MigratorTelemetry.FinishSteps.Phase
            : MigratorTelemetry.FinishSteps.All.Contains(activity.OperationName),
        VerifierTelemetry.Name => activity.OperationName == VerifierTelemetry.RunName,
        _ => false,
    };
}

/// <summary>One step of a run: its wall time, and the CPU time the migrator's process spent in it (the server's is not counted).</summary>
internal sealed record StepTiming(string Step, double Seconds, double ClientCpuSeconds);
