namespace Bai.Core.Tests;

using Bai.Testing.Disks;
using Microsoft.Data.Sqlite;

/// <summary>
/// A full disk is told from other write failures by the errors a real full disk gives (a tmpfs of a few kilobytes),
/// for a plain file write and for SQLite's backup, the two ways the snapshot is written.
/// </summary>
public sealed class DiskSpaceTests : IDisposable
{
    private readonly SmallDisk disk = SmallDisk.Mount(kilobytes: 64);

    [Fact]
    public void A_file_written_past_a_full_disk_is_recognised()
    {
        var e = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes(Path.Combine(disk.Path, "big"), new byte[1 << 20]));

        Assert.True(DiskSpace.IsFull(e), $"{e.GetType().Name} {e.HResult}: {e.Message}");
    }

    [Fact]
    public void A_sqlite_backup_into_a_full_disk_is_recognised()
    {
        using var source = new SqliteConnection("Data Source=:memory:");
        source.Open();
        using (var fill = source.CreateCommand())
        {
            fill.CommandText = "CREATE TABLE t (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO t SELECT randomblob(1000) FROM n;";
            fill.ExecuteNonQuery();
        }

        using var target = new SqliteConnection($"Data Source={Path.Combine(disk.Path, "copy.db")};Pooling=false");
        var e = Assert.Throws<SqliteException>(() => source.BackupDatabase(target));

        Assert.True(DiskSpace.IsFull(e), $"SQLite error {e.SqliteErrorCode}: {e.Message}");
    }

    [Fact]
    public void Other_write_failures_are_not_a_full_disk()
    {
        var missing = Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(disk.Path, "no-such-folder", "file"), "x"));
        var busy = new IOException("The process cannot access the file.");

        Assert.False(DiskSpace.IsFull(missing));
        Assert.False(DiskSpace.IsFull(busy));
        Assert.False(DiskSpace.IsFull(new InvalidOperationException("outer", missing)));
    }

    [Fact]
    public void The_free_space_is_that_of_the_disk_under_the_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(disk.Path, "state", "backups")).FullName;

        Assert.InRange(DiskSpace.FreeBytes(folder) ?? -1, 1, 64 * 1024);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        disk.Dispose();
    }
}
