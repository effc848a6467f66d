namespace Bai.Testing.Sqlite;

using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit;

/// <summary>
/// A WAL-mode copy of a database with its last commit still in the '-wal' and no '-shm', as an application killed
/// mid-run leaves it, in a folder nobody may write: made immutable (chattr +i), as the tests run as root, whom plain
/// permissions would not stop. SQLite then cannot create the shared-memory index it needs to read the file.
/// </summary>
public sealed class WalLeftBehind : IDisposable
{
    private readonly string folder;

    private WalLeftBehind(string folder, string path)
    {
        this.folder = folder;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Copies <paramref name="source"/> into <paramref name="folder"/> (created) as <c>wal.db</c> and its '-wal'; <paramref name="source"/> is switched to WAL mode.</summary>
    public static WalLeftBehind InReadOnlyFolder(string source, string folder)
    {
        RootOnly.Require("it makes a folder immutable (chattr +i), so that nobody, root included, may create the -shm file beside the database");
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, "wal.db");
        using (var writer = new SqliteConnection($"Data Source={source};Pooling=false"))
        {
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; UPDATE customers SET notes = 'only in the WAL' WHERE id = (SELECT min(id) FROM customers);";
            command.ExecuteNonQuery();
            // Copied while the writer is open: its commit is in the -wal, as when the application is killed.
            File.Copy(source, path);
            File.Copy(source + "-wal", path + "-wal");
        }

        ChangeAttributes(folder, "+i");
        return new WalLeftBehind(folder, path);
    }

    public void Dispose() => ChangeAttributes(folder, "-i");

    private static void ChangeAttributes(string path, string change)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true })!;
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        Assert.True(chattr.ExitCode == 0, $"chattr {change} {path} failed ({error.Trim()}): the test needs root on a file system with the immutable attribute (ext4, xfs)");
    }
}
