namespace Bai.Core.Sqlite;

/// <summary>
/// What a file's 100-byte database header says, read without SQLite: the length the file should have, and whether it
/// is in WAL mode. https://www.sqlite.org/fileformat2.html#the_database_header
/// </summary>
internal static class SqliteHeader
{
    /// <summary>
    /// The length the header gives the file: its page size (offset 16, 1 meaning 65,536) times its page count (offset 28),
    /// which is valid only when the version-valid-for number (offset 92) equals the change counter (offset 24).
    /// https://www.sqlite.org/fileformat2.html#in_header_database_size
    /// </summary>
    public static (long Bytes, long Pages, int PageSize)? ExpectedLength(string path)
    {
        if (Read(path, 100) is not { } header)
        {
            return null;
        }

        var pageSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16)) is var size && size == 1 ? 65536 : size;
        var pages = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        var valid = header.AsSpan(24, 4).SequenceEqual(header.AsSpan(92, 4));
        return valid && pages > 0 && pageSize >= 512 ? ((long)pages * pageSize, pages, pageSize) : null;
    }

    /// <summary>A WAL-mode file says so in its header: the file format's write and read versions (bytes 18 and 19) are 2.</summary>
    public static bool IsWalMode(string path) => Read(path, 20) is { } header && header[18] == 2 && header[19] == 2;

    /// <summary>The file's first <paramref name="length"/> bytes; null when it is shorter, or cannot be opened or read.</summary>
    private static byte[]? Read(string path, int length)
    {
        var header = new byte[length];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return stream.ReadAtLeast(header, length, throwOnEndOfStream: false) == length ? header : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
