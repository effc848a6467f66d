namespace Bai.Migrator.Tests.Telemetry;

using System.Diagnostics;
using Bai.Migrator.Reporting;

/// <summary>
/// The report's timings come from the run's own spans: each step's span duration, in the order the steps started,
/// a step that ran twice summed, and nothing from a span that is not a step or belongs to another run in the process.
/// </summary>
public sealed class StepTimingsTests
{
    [Fact]
    public void Each_step_of_the_followed_run_counts_with_its_spans_duration_and_nothing_else_does()
    {
        using var timings = new StepTimings();
        var previous = Activity.Current;
        Activity.Current = null;
        using var run = MigratorTelemetry.Source.StartActivity("migrate")!;
        timings.Follow(run);

        var snapshot = Step(MigratorTelemetry.StartPhase("snapshot"));
        var firstConnect = Step(MigratorTelemetry.StartPhase("connect"));
        var secondConnect = Step(MigratorTelemetry.StartPhase("connect"));

        // Another migration in the same process (the tests run several side by side): its steps are its own.
        Activity.Current = null;
        using (MigratorTelemetry.Source.StartActivity("migrate"))
        {
            Step(MigratorTelemetry.StartPhase("copy"));
        }

        Activity.Current = run;
        Activity keys;
        using (MigratorTelemetry.StartPhase("finish"))
        {
            // Not a step: a table's span inside one.
            Step(MigratorTelemetry.StartTable("copy", "invoices"));
            keys = Step(MigratorTelemetry.Source.StartActivity(MigratorTelemetry.FinishSteps.KeysAndIndexes));
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
        // Each span burned at least SpanCpu of the process's CPU, and no process uses more than its cores for the wall.
        Assert.All(timings.ToList(), t =>
        {
            var spans = t.Step == "connect" ? 2 : 1;
            Assert.True(t.ClientCpuSeconds >= spans * SpanCpu.TotalSeconds, $"{t.Step}: {t.ClientCpuSeconds} s of CPU");
            Assert.True(t.ClientCpuSeconds <= (t.Seconds * System.Environment.ProcessorCount) + 0.02, $"{t.Step}: {t.ClientCpuSeconds} s of CPU in {t.Seconds} s");
        });
    }

    private static readonly TimeSpan SpanCpu = TimeSpan.FromMilliseconds(30);

    private static Activity Step(Activity? activity)
    {
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
        return activity;
    }
}
