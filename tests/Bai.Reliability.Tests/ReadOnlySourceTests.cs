namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;

/// <summary>
/// Issue 8, "the source file is never written by us": a source the migrator's user cannot write (file 0444 in a
/// folder 0555, owned by that user) migrates all the same. Root ignores file modes, so the migrator runs as nobody.
/// </summary>
public sealed class ReadOnlySourceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Nobody = 65534;

    [Fact]
    public async Task A_source_its_user_cannot_write_migrates_and_verifies_byte_for_byte_unchanged()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 2, InvoicesPerAccount = 100, Seed = 51 });
        var sourceFolder = Path.Combine(workspace.Folder, "readonly");
        Directory.CreateDirectory(sourceFolder);
        var source = Path.Combine(sourceFolder, "bai.db");
        File.Move(workspace.SqlitePath, source);
        Directory.CreateDirectory(workspace.StateFolder);
        var sha256 = Workspace.Sha256(source);

        if (Environment.IsPrivilegedProcess)
        {
            Chown(source, sourceFolder);
        }

        File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(sourceFolder, (UnixFileMode)0b101_101_101);

        using var child = StartAsAnotherUser(workspace, ["--sqlite", source]);
        var code = await child.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"exit {code}\n{child.Output}\n{child.Errors}");
        Assert.Equal(sha256, Workspace.Sha256(source));
        Assert.Equal(["bai.db"], Directory.EnumerateFileSystemEntries(sourceFolder).Select(Path.GetFileName));
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, source);
    }

    /// <summary>
    /// A source under a folder its user may not enter (another user's home, a 0700 folder) is named as such: .NET
    /// answers "does not exist" for it, and the migrator used to repeat that.
    /// </summary>
    [Fact]
    public async Task A_source_in_a_folder_its_user_may_not_enter_is_named_not_called_missing()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 1, InvoicesPerAccount = 5, Seed = 52 });
        var privateFolder = Path.Combine(workspace.Folder, "private");
        Directory.CreateDirectory(privateFolder);
        var source = Path.Combine(privateFolder, "bai.db");
        File.Move(workspace.SqlitePath, source);
        Directory.CreateDirectory(workspace.StateFolder);
        // Root's own folder, shut to others; run as another user, nobody may enter it (its owner neither, 0000).
        File.SetUnixFileMode(privateFolder, Environment.IsPrivilegedProcess ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : 0);
        try
        {
            using var child = StartAsAnotherUser(workspace, ["--sqlite", source, "--no-verify"]);
            var code = await child.WaitAsync(TimeSpan.FromMinutes(3));

            Assert.True(code == 3, $"exit {code}\n{child.Output}\n{child.Errors}");
            Assert.Contains($"The SQLite source '{source}' cannot be reached by this user: it may not enter the folder '{privateFolder}'", child.Errors, StringComparison.Ordinal);
            Assert.DoesNotContain("does not exist", child.Errors, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(privateFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// The migrator as a user whom file modes bind: root ignores them, so as root it runs as nobody, which owns the
    /// state folder it writes to; the build output must be reachable by it too, and a checkout under /root (as CI's
    /// may be) is not, so a copy runs from the workspace.
    /// </summary>
    private MigratorProcess StartAsAnotherUser(Workspace workspace, string[] arguments)
    {
        string[] wrapper = [];
        string? applicationFolder = null;
        if (Environment.IsPrivilegedProcess)
        {
            Chown(workspace.StateFolder);
            wrapper = ["setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--"];
            applicationFolder = Path.Combine(workspace.Folder, "app");
            CopyFolder(AppContext.BaseDirectory, applicationFolder);
        }

        var environment = MigratorRun.Environment(workspace, database.ConnectionString);
        environment["HOME"] = workspace.StateFolder; // nobody's home does not exist; dotnet wants somewhere to write
        environment["DOTNET_CLI_HOME"] = workspace.StateFolder;
        return MigratorProcess.Start(environment, null, null, arguments, wrapper, applicationFolder);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static void Chown(params string[] paths)
    {
        foreach (var path in paths)
        {
            using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{Nobody}:{Nobody}", path]);
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }
    }
}
