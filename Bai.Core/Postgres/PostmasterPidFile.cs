namespace Bai.Core.Postgres;

using System.Globalization;

/// <summary>
/// The server's <c>postmaster.pid</c>: line 1 the pid, line 4 the port, line 8 the status
/// (https://www.postgresql.org/docs/current/server-start.html, src/include/utils/pidfile.h).
/// </summary>
internal sealed record PostmasterPidFile(int ProcessId, int Port)
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "postmaster.pid");

    public static PostmasterPidFile? Read(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathIn(dataDirectory));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return lines.Length >= 4
            && int.TryParse(lines[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            && int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
                ? new PostmasterPidFile(pid, port)
                : new PostmasterPidFile(0, 0);
    }
}
