namespace Bai.Testing.Processes;

using System.Diagnostics;
using Bai.Core;

/// <summary>
/// How <see cref="MigratorProcess.Start"/> starts the migrator: the command line (a wrapper, then <c>dotnet exec
/// Bai.Migrator.dll</c> and its arguments), the folder it runs in, and an environment of the test's choosing with
/// nothing of the test host's own leaking in.
/// </summary>
internal static class MigratorStartInfo
{
    /// <summary>The parameters are <see cref="MigratorProcess.Start"/>'s.</summary>
    public static ProcessStartInfo Create(
        IReadOnlyDictionary<string, string?> environment,
        string? pauseAt,
        string? marker,
        IEnumerable<string> arguments,
        IEnumerable<string>? wrapper,
        string? applicationFolder,
        string? workingFolder)
    {
        var folder = applicationFolder ?? AppContext.BaseDirectory;
        var command = (wrapper ?? []).Concat(["dotnet", "exec", Path.Combine(folder, "Bai.Migrator.dll")]).Concat(arguments).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingFolder ?? folder,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // Not a terminal: progress comes as log lines. Nothing of the test host's own environment leaks in: not its target,
        // not a pause, not stack traces (BAI_DEBUG) or an OTLP endpoint; a test that wants one sets it in environment.
        foreach (var inherited in (string[])["ConnectionStrings__bai-db", PausePoints.Variable, PausePoints.MarkerVariable, "BAI_DEBUG", "OTEL_EXPORTER_OTLP_ENDPOINT"])
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        if (pauseAt is not null)
        {
            start.Environment[PausePoints.Variable] = pauseAt;
            start.Environment[PausePoints.MarkerVariable] = marker ?? throw new ArgumentNullException(nameof(marker));
        }

        return start;
    }
}
