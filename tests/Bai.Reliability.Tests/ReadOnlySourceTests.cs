namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;

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

        string[] wrapper = [];
        string? applicationFolder = null;
        if (Environment.IsPrivilegedProcess)
        {
            // Only the source (and the state folder it writes to) belong to nobody. The build output must be
            // reachable by it too, and a checkout under /root (as CI's may be) is not: run a copy from the workspace.
            Chown(source, sourceFolder, workspace.StateFolder);
            wrapper = ["setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--"];
            applicationFolder = Path.Combine(workspace.Folder, "app");
            CopyFolder(AppContext.BaseDirectory, applicationFolder);
        }

        File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(sourceFolder, (UnixFileMode)0b101_101_101);

        var environment = MigratorRun.Environment(workspace, database.ConnectionString);
        environment["HOME"] = workspace.StateFolder; // nobody's home does not exist; dotnet wants somewhere to write
        environment["DOTNET_CLI_HOME"] = workspace.StateFolder;
        using var child = MigratorChild.Start(environment, null, null, ["--sqlite", source], wrapper, applicationFolder);
        var code = await child.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"exit {code}\n{child.Output}\n{child.Errors}");
        Assert.Equal(sha256, Workspace.Sha256(source));
        Assert.Equal(["bai.db"], Directory.EnumerateFileSystemEntries(sourceFolder).Select(Path.GetFileName));
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, source);
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
