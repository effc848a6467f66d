namespace Bai.Core.Sqlite;

using System.Text.RegularExpressions;

/// <summary>
/// The application's own SQLAlchemy URL pasted as the source (<c>sqlite:////srv/bai/bai.db</c>), which read as a relative
/// path ("'&lt;cwd&gt;/sqlite:/srv/bai/bai.db' does not exist"). SQLAlchemy's rules
/// (https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#connect-strings): after <c>sqlite:///</c> the rest is the path,
/// so four slashes make it absolute and three relative to the working folder; a <c>?query</c> (<c>?mode=ro</c>) is the
/// driver's, not the path's; <c>sqlite://</c> alone or <c>:memory:</c> is an in-memory database, with nothing to migrate.
/// A <c>%20</c> in the path stays as it is: SQLAlchemy's <c>make_url</c> decodes a URL's user name and password, never
/// its database part, so the application opens the file whose name holds those characters.
/// </summary>
public static partial class SqlAlchemyUrl
{
    /// <summary>The path a SQLAlchemy SQLite URL names, or <paramref name="setting"/> as it is when it is not one.</summary>
    /// <param name="namedWith">The setting the value came from, for the sentence that refuses it (<c>--sqlite</c>).</param>
    public static string PathOrSetting(string setting, string namedWith)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var match = Url().Match(setting.Trim());
        if (!match.Success)
        {
            return setting;
        }

        var rest = match.Groups["rest"].Value;
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        rest = query < 0 ? rest : rest[..query];
        if (rest.Length > 0 && rest[0] != '/')
        {
            throw new BaiEnvironmentException(
                $"{namedWith} is the SQLAlchemy URL '{setting.Trim()}', which names a host, and a SQLite database is a file; write it as sqlite:////ABSOLUTE/PATH (four slashes) or sqlite:///RELATIVE/PATH, or give the path alone.");
        }

        var path = rest.Length == 0 ? "" : rest[1..];
        if (path.Length == 0 || path == ":memory:")
        {
            throw new BaiEnvironmentException(
                $"{namedWith} is the SQLAlchemy URL '{setting.Trim()}', an in-memory database that holds nothing to migrate; give the application's database file instead (sqlite:////ABSOLUTE/PATH, or the path alone).");
        }

        return path;
    }

    // sqlite://, with SQLAlchemy's optional driver (sqlite+pysqlite://, sqlite+aiosqlite://).
    [GeneratedRegex(@"^sqlite(\+\w+)?://(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Url();
}
