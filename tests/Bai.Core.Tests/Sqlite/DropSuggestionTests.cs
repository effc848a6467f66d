namespace Bai.Core.Tests.Sqlite;

using System.Diagnostics;
using System.Text.RegularExpressions;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;

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
        var path = Path.Combine(folder, "bai.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                {LegacySchemaScript.Text}
                INSERT INTO alembic_version (version_num) VALUES ('{BaiSchema.ExpectedAlembicVersion}');
                CREATE TABLE "audit log" (id INTEGER PRIMARY KEY);
                CREATE TABLE "o'brien $HOME notes" (id INTEGER PRIMARY KEY);
                CREATE TABLE audit_archive (id INTEGER PRIMARY KEY);
                ALTER TABLE customers ADD COLUMN "loyalty tier" TEXT;
                """;
            command.ExecuteNonQuery();
        }

        var findings = Inspect(path, new HashSet<string>());
        var words = findings.Select(f => ShellWords(Regex.Match(f.Detail, "--drop (.+?)\\)$").Groups[1].Value)).ToList();

        Assert.Equal(
            [["audit log"], ["audit_archive"], ["customers.loyalty tier"], ["o'brien $HOME notes"]],
            words.OrderBy(w => w[0], StringComparer.Ordinal).ToList());
        Assert.Contains(findings, f => f.Detail.EndsWith("(drop it explicitly with --drop 'audit log')", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Detail.EndsWith("(drop it explicitly with --drop audit_archive)", StringComparison.Ordinal));
        Assert.Empty(Inspect(path, words.Select(w => w[0]).ToHashSet()));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IReadOnlyList<DriftFinding> Inspect(string path, IReadOnlySet<string> dropped)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        return LegacySchemaInspector.Inspect(connection, dropped, BaiSchema.ExpectedAlembicVersion);
    }

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
