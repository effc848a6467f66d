namespace Bai.Migrator.Tests.Telemetry;

using System.Diagnostics;
using Bai.Migrator.Reporting;

/// <summary>
/// The report's timings come from the run's own spans: each step's span duration, in the order the steps started,
/// a step that ran twice summed, and nothing from a span that is not a step or belongs to another run in the process.
/// </summary>
public sealed class StepTimingsTests
{
    // The process's CPU time from just before each span started to just after it stopped, around StepTimings' own readings.
    private readonly Dictionary<Activity, double> cpuAround = [];

    [Fact]
    public void Each_step_of_the_followed_run_counts_with_its_spans_duration_and_nothing_else_does()
    {
        using var timings = new StepTimings();
        var previous = Activity.Current;
        Activity.Current = null;
        using var run = MigratorTelemetry.Source.StartActivity("migrate")!;
        timings.Follow(run);

        var snapshot = Step(() => MigratorTelemetry.StartPhase("snapshot"));
        var firstConnect = Step(() => MigratorTelemetry.StartPhase("connect"));
        var secondConnect = Step(() => MigratorTelemetry.StartPhase("connect"));

        // Another migration in the same process (the tests run several side by side): its steps are its own.
        Activity.Current = null;
        using (MigratorTelemetry.Source.StartActivity("migrate"))
        {
            Step(() => MigratorTelemetry.StartPhase("copy"));
        }

        Activity.Current = run;
        Activity keys;
        using (MigratorTelemetry.StartPhase("finish"))
        {
            // Not a step: a table's span inside one.
            Step(() => MigratorTelemetry.StartTable("copy", "invoices"));
            keys = Step(() => MigratorTelemetry.Source.StartActivity(MigratorTelemetry.FinishSteps.KeysAndIndexes));
        }

        run.Stop();
        Activity.Current = previous;

        Assert.Equal(
            [
                ("snapshot", snapshot.Duration.TotalSeconds),
                ("connect", firstConnect.Duration.TotalSeconds + secondConnect.Duration.TotalSeconds),
                ("restore keys and indexes", keys.Duration.TotalSeconds),
            ],
            timings.ToList().Select(t => (t.Step, t.Seconds)));
        // Each span burned at least SpanCpu of the process's CPU, and its CPU time is no more than the process used
        // around it: not the process's whole CPU time, nor another span's.
        var around = new Dictionary<string, double>
        {
            ["snapshot"] = cpuAround[snapshot],
            ["connect"] = cpuAround[firstConnect] + cpuAround[secondConnect],
            ["restore keys and indexes"] = cpuAround[keys],
        };
        Assert.All(timings.ToList(), t =>
        {
            var spans = t.Step == "connect" ? 2 : 1;
            Assert.True(t.ClientCpuSeconds >= spans * SpanCpu.TotalSeconds, $"{t.Step}: {t.ClientCpuSeconds} s of CPU");
            Assert.True(t.ClientCpuSeconds <= around[t.Step], $"{t.Step}: {t.ClientCpuSeconds} s of CPU, more than the {around[t.Step]} s the process used from before its span started to after it stopped");
        });
    }

    private static readonly TimeSpan SpanCpu = TimeSpan.FromMilliseconds(30);

    private Activity Step(Func<Activity?> start)
    {
        var before = System.Environment.CpuUsage.TotalTime;
        var activity = start();
        Assert.NotNull(activity);
        // Work inside the span until the process has used SpanCpu more CPU, so the step's CPU time has a known floor.
        var until = System.Environment.CpuUsage.TotalTime + SpanCpu;
        var spin = 0L;
        while (System.Environment.CpuUsage.TotalTime < until)
        {
            for (var i = 0; i < 10_000; i++)
            {
                spin += i % 7;
            }
        }

        Assert.True(spin > 0);
        activity.Stop();
        cpuAround[activity] = (System.Environment.CpuUsage.TotalTime - before).TotalSeconds;
        return activity;
    }
}
