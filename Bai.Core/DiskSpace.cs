namespace Bai.Core;

using Microsoft.Data.Sqlite;

/// <summary>Free space on the disk under a folder, and whether a write failed for want of it.</summary>
public static class DiskSpace
{
    private const int SqliteFull = 13;

    /// <summary>The bytes this user may still write on the file system that holds <paramref name="folder"/>; null when the platform cannot say.</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a write failed because the disk or the user's quota is full: on Unix .NET gives the errno as the
    /// IOException's HResult (ENOSPC 28; EDQUOT 122 on Linux, 69 on macOS), on Windows ERROR_DISK_FULL or
    /// ERROR_HANDLE_DISK_FULL; SQLite's backup says SQLITE_FULL.
    /// </summary>
    public static bool IsFull(Exception exception) => exception switch
    {
        IOException e when OperatingSystem.IsWindows() => (e.HResult & 0xFFFF) is 0x70 or 0x27,
        IOException e => e.HResult is 28 || (OperatingSystem.IsLinux() ? e.HResult is 122 : e.HResult is 69),
        SqliteException { SqliteErrorCode: SqliteFull } => true,
        _ => exception.InnerException is { } inner && IsFull(inner),
    };

    /// <summary>
    /// Two sizes a sentence compares ("needs X, and its disk has Y free"), as <see cref="Describe"/> writes them, or in
    /// bytes when both would read the same ("needs up to 1 MB ... has 1 MB free" says nothing).
    /// </summary>
    public static (string Needed, string Available) DescribeShortfall(long needed, long available) =>
        Describe(needed) == Describe(available)
            ? (FormattableString.Invariant($"{needed:N0} bytes"), FormattableString.Invariant($"{available:N0} bytes"))
            : (Describe(needed), Describe(available));

    /// <summary>A size as a person reads it: MB below a gigabyte, GB with one decimal above.</summary>
    public static string Describe(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GB" : $"{Math.Max(1, (bytes + (1 << 20) - 1) >> 20):N0} MB";
}
