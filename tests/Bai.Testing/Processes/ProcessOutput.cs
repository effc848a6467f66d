namespace Bai.Testing.Processes;

using System.Diagnostics;
using System.Text;

/// <summary>
/// What a child process writes to stdout and stderr, read line by line from its start so that neither pipe fills and
/// blocks it, and readable at any time: a test looks at the output of a run that is still going.
/// </summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    /// <param name="onOutputLine">Called with each line of stdout as it comes.</param>
    public ProcessOutput(Process process, Action<string>? onOutputLine) =>
        Reading = Task.WhenAll(ReadLinesAsync(process.StandardOutput, output, onOutputLine), ReadLinesAsync(process.StandardError, errors, onLine: null));

    /// <summary>Done when both pipes have closed: the process has exited and its last line has been read.</summary>
    public Task Reading { get; }

    public string Output => Read(output);

    public string Errors => Read(errors);

    private static async Task ReadLinesAsync(StreamReader reader, StringBuilder lines, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Append(line).Append('\n');
            }

            onLine?.Invoke(line);
        }
    }

    private static string Read(StringBuilder lines)
    {
        lock (lines)
        {
            return lines.ToString();
        }
    }
}
