namespace Bai.Migrator.Tests.Support;

using System.Text.Json;

/// <summary>What one in-process migrator run (<see cref="MigratorHarness.RunAsync"/>) returned: its exit code, what it wrote to stderr, its JSON report.</summary>
public sealed record MigratorRunResult(int ExitCode, string Errors, JsonDocument? Report)
{
    public string Outcome => Report?.RootElement.GetProperty("outcome").GetString() ?? "";

    public bool NothingToDo => Report?.RootElement.GetProperty("nothingToDo").GetBoolean() ?? false;
}
