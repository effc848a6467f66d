namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>Renders a connection string fit for logs and reports: every secret removed (issue 8, "Secrets").</summary>
public static class ConnectionStringRedactor
{
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return string.Empty;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // Showing part of a malformed string could show the password: show nothing of it.
            return "(unreadable connection string)";
        }

        builder.Remove("Password");
        builder.Remove("SSL Password");
        return builder.ConnectionString;
    }
}
