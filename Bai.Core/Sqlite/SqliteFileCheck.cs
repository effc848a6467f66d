namespace Bai.Core.Sqlite;

/// <summary>
/// Checks a path before SQLite opens it (<see cref="SqliteFile"/>): that it names a file this user can reach and read,
/// and that the file begins as a SQLite database does; each way it does not is one sentence.
/// </summary>
public static class SqliteFileCheck
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Fails with one sentence when the path is missing, empty or not a SQLite database, before SQLite itself
    /// answers with a less helpful "file is not a database" deep inside a read.
    /// </summary>
    /// <param name="path">The source's path.</param>
    /// <param name="namedWith">How the user names the source (the verifier reads no <c>ConnectionStrings:bai-sqlite</c>).</param>
    public static void EnsureReadable(string path, string namedWith = "--sqlite PATH or ConnectionStrings:bai-sqlite")
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new BaiEnvironmentException($"The SQLite source '{full}' is a folder; give the path of the BAI database file (--sqlite PATH).");
        }

        if (!File.Exists(full))
        {
            throw new BaiEnvironmentException(UnreachableMessage(full, "The SQLite source")
                ?? $"The SQLite source '{full}' does not exist; give the path of the BAI database file with {namedWith}.");
        }

        if (new FileInfo(full).Length == 0)
        {
            // Before it is opened: a FIFO has no length either, and opening it waits for a writer, so the tools hung
            // without a word. SQLite reads a database only from a file.
            throw new BaiEnvironmentException(EmptyMessage(full));
        }

        var header = new byte[Header.Length];
        int read;
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BaiEnvironmentException($"The SQLite source '{full}' cannot be read by this user; grant read access to it.", e);
        }

        if (read == 0)
        {
            throw new BaiEnvironmentException(EmptyMessage(full));
        }

        if (read < Header.Length || !header.AsSpan().SequenceEqual(Header))
        {
            throw new BaiEnvironmentException($"The file '{full}' is not a SQLite database (its header is not 'SQLite format 3'); check the path.");
        }
    }

    private static string EmptyMessage(string full) =>
        $"The SQLite source '{full}' is empty (0 bytes), or is a FIFO rather than a file; it is not a BAI database, check the path.";

    /// <summary>
    /// The sentence for a path that seems not to exist only because this user may not enter a folder on the way (as
    /// .NET answers "does not exist" then): a source under another user's home, or the snapshot another user's run
    /// recorded in its owner-only state folder. Null when the folders on the way can be entered.
    /// </summary>
    /// <param name="what">The path's part in the run ("The SQLite source").</param>
    public static string? UnreachableMessage(string path, string what)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        while (folder is not null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null)
        {
            return null;
        }

        try
        {
            // Listing it answers for the folder as a whole: where the listing is allowed, what is missing is missing.
            using var entries = Directory.EnumerateFileSystemEntries(folder).GetEnumerator();
            entries.MoveNext();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"{what} '{full}' cannot be reached by this user: it may not enter the folder '{folder}'; run as a user who may (the one who ran the migration, for its snapshot), or grant access to that folder.";
        }
    }
}
