namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// The TLS files a connection string names (or, without it, the libpq variables Npgsql reads) that cannot be read. Npgsql
/// reads them only while it connects, and says so as a failed handshake or a bare IOException of .NET's that names no
/// setting; which one depends on the file and the failure (a missing Root Certificate is the first, a missing SSL Key
/// the second).
/// </summary>
public static class CertificateFiles
{
    /// <summary>"ConnectionStrings:bai-db's SSL Key names '/etc/bai/client.key', which does not exist", and what to do;
    /// null when every file named is readable.</summary>
    public static (string Problem, string Fix)? FirstUnreadable(NpgsqlConnectionStringBuilder target)
    {
        foreach (var (setting, path) in new[]
        {
            ("Root Certificate", target.RootCertificate, "PGSSLROOTCERT"),
            ("SSL Certificate", target.SslCertificate, "PGSSLCERT"),
            ("SSL Key", target.SslKey, "PGSSLKEY"),
        }.Select(f => f.Item2 is { Length: > 0 } given
            ? ($"ConnectionStrings:bai-db's {f.Item1}", given)
            : (f.Item3, Environment.GetEnvironmentVariable(f.Item3))))
        {
            if (path is { Length: > 0 } && Unreadable(path) is { } why)
            {
                return ($"{setting} names '{path}', {why.What}", why.Fix);
            }
        }

        return null;
    }

    private static (string What, string Fix)? Unreadable(string path)
    {
        if (Directory.Exists(path))
        {
            return ("which is a folder, not a file", "fix the path, or put the file there");
        }

        if (!File.Exists(path))
        {
            return ("which does not exist", "fix the path, or put the file there");
        }

        try
        {
            using var readable = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ($"which this user cannot read ({e.Message.TrimEnd('.')})", "let this user read it");
        }
    }
}
