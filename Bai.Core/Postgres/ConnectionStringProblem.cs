namespace Bai.Core.Postgres;

using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

/// <summary>
/// What is wrong with a connection string Npgsql refuses, said without its values: a broken syntax, a keyword Npgsql
/// does not know, or a known keyword's value it cannot read. An unknown keyword is never shown, only its place: it may
/// be the rest of a password holding an unquoted ';' (<c>Password=ab;cd=ef</c> makes <c>cd</c> a keyword); when it is
/// a near miss of one Npgsql knows (<c>Databse</c>), that one is suggested.
/// </summary>
public static class ConnectionStringProblem
{
    public static string Describe(string connectionString)
    {
        DbConnectionStringBuilder pairs;
        try
        {
            pairs = new DbConnectionStringBuilder { ConnectionString = connectionString };
        }
        catch (ArgumentException)
        {
            return "it is not a list of KEYWORD=VALUE pairs separated by ';' (a value holding ';', '=' or a quote goes in double quotes, a double quote inside it written twice)";
        }

        // DbConnectionStringBuilder lowers its keys; the message says them as the user wrote them.
        var keywords = pairs.Keys.Cast<string>().ToList();
        var known = new NpgsqlConnectionStringBuilder();
        for (var place = 0; place < keywords.Count; place++)
        {
            var keyword = keywords[place];
            if (!known.ContainsKey(keyword))
            {
                var meant = NearestKnown(keyword) is { } near ? $"; did you mean '{near}'?" : "";
                return $"its keyword {place + 1} of {keywords.Count}{After(connectionString, keywords, place)} is one Npgsql does not know (not named, as it could be the rest of a password holding an unquoted ';': quote such a password in double quotes{meant})";
            }

            try
            {
                known[keyword] = pairs[keyword];
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return $"the value of '{AsWritten(connectionString, keyword)}' is not one Npgsql can read";
            }
        }

        return "Npgsql refuses it";
    }

    /// <summary>" (after 'Database')": the keyword before, which Npgsql knows (the first unknown one ends the search).</summary>
    private static string After(string connectionString, List<string> keywords, int place) =>
        place > 0 ? $" (after '{AsWritten(connectionString, keywords[place - 1])}')" : string.Empty;

    private static string AsWritten(string connectionString, string keyword) =>
        Regex.Match(connectionString, $@"(?:^|;)\s*({Regex.Escape(keyword)})\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) is { Success: true } match
            ? match.Groups[1].Value
            : keyword;

    /// <summary>
    /// A keyword of Npgsql's one edit away (two for 8 letters or more), case and spaces aside, for a keyword of letters
    /// and spaces alone of 4 letters or more: a digit or a symbol ('g#0st', near 'Host') says password, not typo.
    /// </summary>
    private static string? NearestKnown(string keyword)
    {
        if (!keyword.All(c => char.IsAsciiLetter(c) || c == ' '))
        {
            return null;
        }

        var written = Letters(keyword);
        if (written.Length < 4)
        {
            return null;
        }

        var allowed = written.Length < 8 ? 1 : 2;
        return KnownKeywords
            .Select(k => (Keyword: k, Distance: EditDistance(written, Letters(k))))
            .Where(k => k.Distance <= allowed)
            .OrderBy(k => k.Distance)
            .Select(k => k.Keyword)
            .FirstOrDefault();
    }

    // Npgsql's keywords as its documentation spells them: the display names of the builder's properties.
    private static readonly string[] KnownKeywords =
    [
        .. typeof(NpgsqlConnectionStringBuilder).GetProperties()
            .Select(p => p.GetCustomAttributes(typeof(System.ComponentModel.DisplayNameAttribute), inherit: true)
                .OfType<System.ComponentModel.DisplayNameAttribute>().FirstOrDefault()?.DisplayName)
            .OfType<string>(),
    ];

    private static string Letters(string keyword) =>
        new([.. keyword.Where(char.IsLetterOrDigit).Select(c => char.ToLower(c, CultureInfo.InvariantCulture))]);

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
