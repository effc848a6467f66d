namespace Bai.Reliability.Tests.Support;

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bai.Core.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

/// <summary>
/// A throwaway embedded PostgreSQL that speaks TLS with a server certificate for <c>localhost</c> signed by a test
/// authority of its own, as a staging server with an internal CA does.
/// </summary>
public sealed class TlsCluster : IAsyncDisposable
{
    private readonly EmbeddedPostgres server;

    private TlsCluster(EmbeddedPostgres server, string authorityPem)
    {
        this.server = server;
        AuthorityPem = authorityPem;
    }

    /// <summary>The certificate of the authority that signed the server's, PEM.</summary>
    public string AuthorityPem { get; }

    /// <summary>bai_user on bai_db, without TLS settings.</summary>
    public string ApplicationConnectionString => server.ApplicationConnectionString;

    public static async Task<TlsCluster> StartAsync(string stateDirectory)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { StateDirectory = stateDirectory, Durable = false }, NullLogger.Instance, timeout.Token);
        using var authorityKey = RSA.Create(2048);
        using var authority = Authority("Bai test CA", authorityKey);
        using var serverKey = RSA.Create(2048);
        using var certificate = ServerCertificate(authority, serverKey);

        await using var admin = new NpgsqlConnection(server.SuperuserConnectionString);
        await admin.OpenAsync(timeout.Token);
        // The server writes the files itself (COPY ... TO runs as the server's account), so they are its own whichever
        // account runs the tests; the test (their owner, or root) then narrows them to 0600, as PostgreSQL requires of a key.
        await WriteAsync(admin, Path.Combine(server.DataDirectory, "test-server.crt"), certificate.ExportCertificatePem(), timeout.Token);
        await WriteAsync(admin, Path.Combine(server.DataDirectory, "test-server.key"), serverKey.ExportPkcs8PrivateKeyPem(), timeout.Token);
        foreach (var setting in new[] { "ssl_cert_file = 'test-server.crt'", "ssl_key_file = 'test-server.key'", "ssl = on" })
        {
            await using var alter = new NpgsqlCommand($"ALTER SYSTEM SET {setting}", admin);
            await alter.ExecuteNonQueryAsync(timeout.Token);
        }

        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", admin))
        {
            await reload.ExecuteNonQueryAsync(timeout.Token);
        }

        var cluster = new TlsCluster(server, authority.ExportCertificatePem());
        await cluster.WaitForTlsAsync(timeout.Token);
        return cluster;
    }

    /// <summary>A certificate authority nobody here trusts: what a client configured with the wrong CA file holds.</summary>
    public static string StrangerAuthorityPem()
    {
        using var key = RSA.Create(2048);
        using var stranger = Authority("Some other CA", key);
        return stranger.ExportCertificatePem();
    }

    /// <summary>Whether the session <paramref name="connectionString"/> opens is encrypted (pg_stat_ssl).</summary>
    public static async Task<bool> IsEncryptedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private static X509Certificate2 Authority(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    private static X509Certificate2 ServerCertificate(X509Certificate2 authority, RSA key)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        return request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-4), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>One COPY row per line: PEM holds no tab or backslash, so COPY's text format writes the lines as they are.</summary>
    private static async Task WriteAsync(NpgsqlConnection admin, string path, string pem, CancellationToken cancellationToken)
    {
        var lines = pem.ReplaceLineEndings("\n").TrimEnd('\n');
        await using var copy = new NpgsqlCommand(
            $"COPY (SELECT unnest(string_to_array($pem${lines}$pem$, E'\\n'))) TO '{path.Replace("'", "''", StringComparison.Ordinal)}'", admin);
        await copy.ExecuteNonQueryAsync(cancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>The reload is signalled, not awaited: poll until a new session is encrypted (a few seconds at most).</summary>
    private async Task WaitForTlsAsync(CancellationToken cancellationToken)
    {
        var required = new NpgsqlConnectionStringBuilder(server.SuperuserConnectionString) { SslMode = SslMode.Require, Pooling = false }.ConnectionString;
        Exception? last = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                if (await IsEncryptedAsync(required))
                {
                    return;
                }
            }
            catch (NpgsqlException e)
            {
                last = e;
            }

            await Task.Delay(100, cancellationToken);
        }

        var log = Directory.EnumerateFiles(Path.GetDirectoryName(server.DataDirectory)!, "*.log", SearchOption.AllDirectories).Select(File.ReadAllText);
        throw new InvalidOperationException($"The test server did not turn TLS on: {last}\n{string.Join("\n", log)}");
    }
}
