namespace Microsoft.Extensions.Hosting;

/// <summary>What the work ended with; starts as "unexpected" so a crash that skips every handler still exits non-zero.</summary>
public sealed class WorkerOutcome
{
    public int ExitCode { get; set; } = Bai.Core.ExitCodes.Unexpected;

    public Exception? Failure { get; set; }
}
