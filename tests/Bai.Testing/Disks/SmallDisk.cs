namespace Bai.Testing.Disks;

using System.Diagnostics;
using Xunit;

/// <summary>
/// A file system of a few kilobytes (a tmpfs mounted on a new folder), to fill as a real disk fills: writes past its
/// size fail with ENOSPC. Needs root (the tests run as root, as CI does); without it the test fails (<see cref="RootOnly"/>), it does not skip.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <param name="owner">A folder whose owner gets the new file system (a PostgreSQL data directory, for a tablespace); root keeps it otherwise.</param>
    /// <param name="readOnly">Mounted read-only, as a container's root file system often is: every write fails with EROFS, even root's.</param>
    public static SmallDisk Mount(int kilobytes, string? owner = null, bool readOnly = false)
    {
        RootOnly.Require("it mounts a tmpfs of a few kilobytes, to fill as a disk fills");
        var path = System.IO.Path.Combine("/var/tmp", $"bai-small-disk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        try
        {
            Run("mount", ["-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755{(readOnly ? ",ro" : "")}", "tmpfs", path]);
        }
        catch
        {
            // Not mounted (a user who may not mount): each test that tried left its empty folder in /var/tmp.
            Directory.Delete(path);
            throw;
        }

        var disk = new SmallDisk(path);
        if (owner is not null)
        {
            Run("chown", ["--reference", owner, path]);
        }

        return disk;
    }

    public void Dispose()
    {
        // Lazily: a PostgreSQL backend may still hold a file of a dropped tablespace open for a moment.
        Run("umount", ["--lazy", Path]);
        Directory.Delete(Path);
    }

    private static void Run(string command, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed ({error.Trim()}): the test needs root with the right to mount a tmpfs");
    }
}
