namespace Bai.Core.Sqlite;

/// <summary>
/// SQLite's own rule for names: ASCII letters match whatever their case, quoted or not ("Invoices" is the table
/// invoices), and every other character matches only itself (SQLite folds no other letter). SQLAlchemy writes BAI's
/// names lowercase and unquoted, but a file whose table or column another tool or a hand-written migration spelled
/// with capitals holds the same schema, and the migrator's queries reach it by the model's names.
/// Written here because .NET's case-insensitive comparers fold every letter, which would make two distinct SQLite
/// names (<c>É</c> and <c>é</c>) one.
/// </summary>
public sealed class SqliteNames : IEqualityComparer<string>
{
    public static readonly SqliteNames Comparer = new();

    /// <summary><paramref name="name"/> as a quoted SQLite identifier, for a table or column the file names (spaces, quotes).</summary>
    public static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private SqliteNames()
    {
    }

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (Fold(x[i]) != Fold(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string name)
    {
        var hash = new HashCode();
        foreach (var c in name)
        {
            hash.Add(Fold(c));
        }

        return hash.ToHashCode();
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
