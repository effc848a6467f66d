namespace Bai.Verifier.Tests;

using Bai.Verifier.Reporting;

public sealed class ToolConsoleTests
{
    /// <summary>
    /// Written to a CI log or a pipe (as the test host's output is), the console is wide enough for the outcome line:
    /// at Spectre's 80 columns it came out on three lines, and table names broke mid-word.
    /// </summary>
    [Fact]
    public void Redirected_output_is_not_wrapped_at_80_columns()
    {
        Assert.True(Console.IsOutputRedirected);
        var expected = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : ToolConsole.RedirectedWidth;

        Assert.Equal(expected, ToolConsole.Create().Profile.Width);
    }
}
