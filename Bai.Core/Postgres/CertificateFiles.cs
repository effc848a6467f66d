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
        ArgumentNullException.ThrowIfNull(target);
        // Without TLS no file is read, and only a verifying mode reads the root certificate: a connection that failed
        // for another reason (a closed port) must not be blamed on a path nothing opened.
        if (target.SslMode == SslMode.Disable)
        {
            return null;
        }

        var verifies = target.SslMode is SslMode.VerifyCA or SslMode.VerifyFull;
        (string Setting, string? Given, string Variable, bool Read)[] files =
        [
            ("Root Certificate", target.RootCertificate, "PGSSLROOTCERT", verifies),
            ("SSL Certificate", target.SslCertificate, "PGSSLCERT", true),
            ("SSL Key", target.SslKey, "PGSSLKEY", true),
        ];
        foreach (var (setting, path) in files.Where(f => f.Read).Select(f => f.Given is { Length: > 0 } given
            ? ($"ConnectionStrings:bai-db's {f.Setting}", given)
            : (f.Variable, Environment.GetEnvironmentVariable(f.Variable))))
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
