namespace Bai.Core.Sqlite;

using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

/// <summary>
/// Collations a file's schema names that SQLite does not have (an application registers them on its own connections,
/// as Python's <c>create_collation</c> does). SQLite refuses every statement that needs one ("no such collation
/// sequence"), and a count or a structure check reads the index that uses it: the run ended with exit 1, after its
/// commit. The tools read rows in rowid order and compare nothing by those collations, so each gets a byte-by-byte
/// stand-in (SQLite's BINARY, as PostgreSQL's "C" compares the migrated keys), and the run says which it stood in for.
/// </summary>
public static partial class ApplicationCollations
{
    private static readonly HashSet<string> BuiltIn = new(["BINARY", "NOCASE", "RTRIM"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers a stand-in for each collation the schema names and SQLite lacks.</summary>
    public static void StandIn(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StandIn(connection.Handle!);
    }

    /// <summary>
    /// The same on a connection opened through SQLitePCLRaw, as the copy's cursors are: a query that orders or
    /// filters by a column declared with such a collation (an <c>id</c> that is not the rowid) cannot be prepared
    /// without one.
    /// </summary>
    public static void StandIn(sqlite3 connection)
    {
        foreach (var name in Find(connection))
        {
            SqliteException.ThrowExceptionForRC(
                raw.sqlite3_create_collation(connection, name, null, static (_, a, b) => string.CompareOrdinal(a, b)), connection);
        }
    }

    /// <summary>The collations the schema names that SQLite does not have, by name.</summary>
    public static IReadOnlyList<string> Find(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Find(connection.Handle!);
    }

    private static IReadOnlyList<string> Find(sqlite3 connection)
    {
        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(connection, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL", out var statement), connection);
        using (statement)
        {
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                foreach (Match match in Collate().Matches(raw.sqlite3_column_text(statement, 0).utf8_to_string()))
                {
                    var name = Unquote(match.Groups["name"].Value);
                    if (!BuiltIn.Contains(name))
                    {
                        names.Add(name);
                    }
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, connection);
            }
        }

        return [.. names];
    }

    private static string Unquote(string name) => name switch
    {
        ['"', .., '"'] => name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal),
        ['\'', .., '\''] => name[1..^1].Replace("''", "'", StringComparison.Ordinal),
        ['[', .., ']'] or ['`', .., '`'] => name[1..^1],
        _ => name,
    };

    // A COLLATE clause in a CREATE statement; a string literal that happens to contain the word is a harmless extra name.
    [GeneratedRegex("""\bCOLLATE\s+(?<name>"(?:[^"]|"")+"|'(?:[^']|'')+'|\[[^\]]+\]|`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Collate();
}
