namespace Microsoft.Extensions.Hosting;

using System.CommandLine;
using Bai.Core;

/// <summary>
/// How both workers read their command line. A mistake in it (an unknown option, a value of the wrong kind) is a
/// configuration fault like any other (exit 3, README "Exit codes"): System.CommandLine's own words, one line each,
/// and where the options are listed, instead of the whole help text and exit 1. So is a setting the command reads
/// before the host starts.
/// </summary>
public static class BaiCommandLine
{
    public static async Task<int> InvokeAsync(RootCommand command, string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var mistake in parsed.Errors)
            {
                await error.WriteLineAsync(mistake.Message);
            }

            await error.WriteLineAsync("Run with --help for the options.");
            return ExitCodes.Environment;
        }

        try
        {
            // The host handles Ctrl+C and SIGTERM itself (it cancels the work, which then ends with 130).
            return await parsed.InvokeAsync(new() { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (BaiEnvironmentException e)
        {
            // A setting read before the host starts (ConnectionStrings:bai-sqlite), named as the host names its own.
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
    }
}
