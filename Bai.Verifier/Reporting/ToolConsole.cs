namespace Bai.Verifier.Reporting;

using Spectre.Console;

/// <summary>
/// The console both workers print their tables and outcome on. Written to a CI log or a pipe, Spectre assumes 80
/// columns, and the outcome line a script greps ("completed (exit 0); target: ...; report: ...") came out on three
/// lines, table names broken mid-word. Redirected, it is as wide as <c>COLUMNS</c> says, else wide enough for any
/// line the tools print.
/// </summary>
internal static class ToolConsole
{
    internal const int RedirectedWidth = 1000;

    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0
                ? columns
                : RedirectedWidth;
        }

        return console;
    }
}
