namespace Bai.Core.Tests.Sqlite;

using System.Diagnostics;
using System.Text.RegularExpressions;

/// <summary>
/// The --drop a drift finding suggests can be pasted into a shell as written. A table or column named with a space or
/// a quote ("audit log") was printed bare, and the shell split it into two arguments.
/// </summary>
public sealed class DropSuggestionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-drop-").FullName;

    [Fact]
    public void Each_suggested_drop_read_by_a_shell_leaves_that_name_behind()
    {
        var path = DriftFile.Create(folder, """
            CREATE TABLE "audit log" (id INTEGER PRIMARY KEY);
            CREATE TABLE "o'brien $HOME notes" (id INTEGER PRIMARY KEY);
            CREATE TABLE audit_archive (id INTEGER PRIMARY KEY);
            ALTER TABLE customers ADD COLUMN "loyalty tier" TEXT;
            """);

        var findings = DriftFile.Inspect(path);
        var words = findings.Select(f => ShellWords(Regex.Match(f.Detail, "--drop (.+?)\\)$").Groups[1].Value)).ToList();

        Assert.Equal(
            [["audit log"], ["audit_archive"], ["customers.loyalty tier"], ["o'brien $HOME notes"]],
            words.OrderBy(w => w[0], StringComparer.Ordinal).ToList());
        Assert.Contains(findings, f => f.Detail.EndsWith("(drop it explicitly with --drop 'audit log')", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Detail.EndsWith("(drop it explicitly with --drop audit_archive)", StringComparison.Ordinal));
        Assert.Empty(DriftFile.Inspect(path, words.Select(w => w[0]).ToHashSet()));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The words bash makes of <paramref name="text"/>, one per line (no name here holds a newline).</summary>
    private static string[] ShellWords(string text)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", $"printf '%s\\n' {text}"]) { RedirectStandardOutput = true })!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
