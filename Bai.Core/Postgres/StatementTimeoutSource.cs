namespace Bai.Core.Postgres;

using System.Text.RegularExpressions;
using Npgsql;

/// <summary>
/// Whether the connection itself sets <c>statement_timeout</c>: the connection string's <c>Options</c>, or, without
/// them, the <c>PGOPTIONS</c> environment variable, which Npgsql sends instead. Such a value has the source
/// <c>client</c> on the server, outranks the role's and the database's, and is the one limit the tools keep for their
/// own transactions (<see cref="TransactionSettings"/>); any other is the role's, the database's or the server's.
/// </summary>
public static partial class StatementTimeoutSource
{
    /// <summary>Where the connection sets <c>statement_timeout</c>, in words for a sentence; null when it does not.</summary>
    public static string? Of(string connectionString)
    {
        string? options;
        try
        {
            options = new NpgsqlConnectionStringBuilder(connectionString).Options;
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (options is not null)
        {
            return SetsStatementTimeout(options) ? "ConnectionStrings:bai-db's Options" : null;
        }

        return Environment.GetEnvironmentVariable("PGOPTIONS") is { } environment && SetsStatementTimeout(environment)
            ? "the PGOPTIONS environment variable"
            : null;
    }

    /// <summary>
    /// PostgreSQL's command-line form, <c>-c name=value</c> (or <c>-cname=value</c>) and <c>--name=value</c>, where a
    /// name may spell its underscores as hyphens and in any case (https://www.postgresql.org/docs/current/config-setting.html#CONFIG-SETTING-SHELL).
    /// </summary>
    internal static bool SetsStatementTimeout(string options) => OptionPattern().IsMatch(options);

    [GeneratedRegex(@"(^|\s)(-c\s*|--)statement[_-]timeout\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OptionPattern();
}
