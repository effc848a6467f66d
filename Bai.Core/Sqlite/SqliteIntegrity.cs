namespace Bai.Core.Sqlite;

using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

/// <summary>
/// SQLite's own check of a file's structure (<c>PRAGMA quick_check</c>): every b-tree page well formed and every page
/// used once. A damaged table can still be read without an error, and then silently yields fewer rows: a lost pointer
/// to a child page (measured: 38 of 80 rows of a table gone, the run exit 0 and the verifier satisfied, as both read the
/// same damaged tree). quick_check finds that, in one pass over the file (about 1.5 s for the 651 MB bench file, from the
/// page cache), where <c>integrity_check</c> would also compare every index with its table, which the tools never read.
/// </summary>
public static partial class SqliteIntegrity
{
    /// <summary>How many of SQLite's findings a refusal quotes; one is enough to know, a few to judge the extent.</summary>
    public const int MaxQuoted = 5;

    /// <summary>Where quick_check stops: room for the structure's findings after a few about values.</summary>
    private const int MaxFindings = 100;

    /// <summary>
    /// SQLite's findings about the file's structure; empty when it is sound. quick_check also reports values: a NULL in
    /// a NOT NULL column, a TEXT where the column's affinity would have stored a number ("TEXT value in
    /// invoices.total"). Those are row damage data-rules.md sorts row by row, so they are not counted here. SQLite
    /// checks every b-tree before it looks at values, so the structure's findings come first, within the limit.
    /// </summary>
    public static IReadOnlyList<string> QuickCheck(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        // Through SQLite's page cache, not a memory map: a map would read 10% faster, but its pages count in the
        // process's resident memory, the whole file's worth (the migrator's peak RSS went from 174 to 737 MB).
        command.CommandText = $"PRAGMA quick_check({MaxFindings})";
        command.CommandTimeout = 0;
        var findings = new List<string>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // The first finding comes as "*** in database main ***\n" and the finding.
                foreach (var line in reader.GetString(0).Split('\n'))
                {
                    if (line is not ("ok" or "") && !line.StartsWith("*** in database", StringComparison.Ordinal) && !AboutValues().IsMatch(line))
                    {
                        findings.Add(line);
                    }
                }
            }
        }
        catch (SqliteException e) when (SqliteFile.IsDamaged(e))
        {
            // A page too malformed to check: the check itself stops, with SQLite's SQLITE_CORRUPT.
            findings.Add(e.Message.TrimEnd('.'));
        }

        return findings;
    }

    /// <summary>Refuses (exit 3) a file whose structure SQLite finds damaged; <paramref name="consequence"/> says what the
    /// tool therefore did not do. <paramref name="shownAs"/> is the file the sentence names, when <paramref name="path"/>
    /// is a snapshot of it.</summary>
    public static void EnsureSound(string path, string consequence, string? shownAs = null)
    {
        using var connection = SqliteFile.OpenForRows(path, shownAs);
        if (QuickCheck(connection) is { Count: > 0 } findings)
        {
            throw new BaiEnvironmentException(DamagedMessage(shownAs ?? path, findings, consequence));
        }
    }

    /// <summary>
    /// The refusal of a file SQLite would not read (<paramref name="readError"/>, SQLITE_CORRUPT or SQLITE_NOTADB met by a
    /// read): what its quick_check finds, or, for damage the check does not see, the read's own error.
    /// </summary>
    public static BaiEnvironmentException Unreadable(string path, SqliteException readError, string consequence)
    {
        ArgumentNullException.ThrowIfNull(readError);
        using var connection = SqliteFile.OpenForRows(path);
        var findings = QuickCheck(connection);
        return new BaiEnvironmentException(
            findings.Count > 0
                ? DamagedMessage(path, findings, consequence)
                : $"The SQLite source '{path}' is damaged: SQLite refused a read ({readError.Message.TrimEnd('.')}), though its quick_check found nothing, and {consequence}; " +
                  $"repair a copy (sqlite3 '{path}' .recover | sqlite3 repaired.db), check what it recovered, and use that copy.",
            readError);
    }

    /// <summary>The refusal of a damaged file (exit 3): what SQLite found, what the tool did not do, and how to repair a copy.</summary>
    public static string DamagedMessage(string path, IReadOnlyList<string> findings, string consequence)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var found = findings.Count == 1 ? "a problem" : $"{findings.Count} problems";
        return $"The SQLite source '{path}' is damaged: SQLite's quick_check found {found} ({string.Join("; ", findings.Take(MaxQuoted))}{(findings.Count > MaxQuoted ? "; ..." : "")}), " +
            $"so some of its rows may be unreadable without an error, and {consequence}; " +
            $"repair a copy (sqlite3 '{path}' .recover | sqlite3 repaired.db), check what it recovered, and migrate that copy.";
    }

    // "NULL value in t.c", "TEXT value in t.c", "non-INTEGER value in t.c" (a STRICT table), "CHECK constraint failed in t".
    [GeneratedRegex(@"^(?:(?:non-)?[A-Za-z]+ value in |CHECK constraint failed in )")]
    private static partial Regex AboutValues();
}
