namespace Bai.Reliability.Tests;

using Bai.Core;
using Bai.Core.Postgres;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

/// <summary>Issue 8, "TLS": SslMode and the certificate options travel from the connection string to the connection.</summary>
public sealed class TlsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Ssl_settings_of_the_connection_string_are_used_as_given_and_shown_without_secrets()
    {
        var configured = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            SslMode = SslMode.VerifyFull,
            RootCertificate = "/etc/bai/ca.pem",
            SslCertificate = "/etc/bai/client.pem",
            SslKey = "/etc/bai/client.key",
            SslPassword = "key-secret-sentinel",
        }.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:bai-db", configured)]).Build();

        await using var target = await PostgresTarget.ResolveAsync(configuration, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(configured, target.ConnectionString);
        var shown = new NpgsqlConnectionStringBuilder(target.RedactedConnectionString);
        Assert.Equal((SslMode.VerifyFull, "/etc/bai/ca.pem", "/etc/bai/client.pem", "/etc/bai/client.key", null, null),
            (shown.SslMode, shown.RootCertificate, shown.SslCertificate, shown.SslKey, shown.SslPassword, shown.Password));
    }

    [Fact]
    public async Task Requiring_tls_from_a_server_without_it_fails_in_one_sentence_with_exit_3()
    {
        if (database.Server.IsExternal)
        {
            return; // An external test server may well offer TLS; the embedded one does not (xunit 2 cannot skip at run time).
        }

        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 1, InvoicesPerAccount = 5, Seed = 3 });
        var required = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SslMode = SslMode.Require }.ConnectionString;

        var run = await MigratorRun.InProcessAsync(workspace, required);

        Assert.True(run.ExitCode == ExitCodes.Environment, $"exit {run.ExitCode}\n{run.Errors}");
        var sentence = Assert.Single(run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("TLS", sentence, StringComparison.Ordinal);
        Assert.Contains("SslMode", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_full_against_a_real_tls_server_migrates_and_an_unknown_authority_fails_in_one_sentence()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 2, InvoicesPerAccount = 5, Seed = 5 });
        await using var cluster = await TlsCluster.StartAsync(Path.Combine(workspace.Folder, "tls-postgres"));
        var trusted = Path.Combine(workspace.Folder, "ca.pem");
        var stranger = Path.Combine(workspace.Folder, "other-ca.pem");
        await File.WriteAllTextAsync(trusted, cluster.AuthorityPem);
        await File.WriteAllTextAsync(stranger, TlsCluster.StrangerAuthorityPem());
        var application = new NpgsqlConnectionStringBuilder(cluster.ApplicationConnectionString);
        string Verified(string authority) => new NpgsqlConnectionStringBuilder(cluster.ApplicationConnectionString)
        {
            Host = "localhost", SslMode = SslMode.VerifyFull, RootCertificate = authority,
        }.ConnectionString;

        // The settings a staging server asks for give an encrypted session whose certificate chain and name were checked.
        Assert.True(await TlsCluster.IsEncryptedAsync(Verified(trusted)));
        var run = await MigratorRun.InProcessAsync(workspace, Verified(trusted));
        Assert.True(run.ExitCode == ExitCodes.Success, $"exit {run.ExitCode}, {run.Outcome}\n{run.Errors}");

        var refused = await MigratorRun.InProcessAsync(workspace, Verified(stranger));

        Assert.True(refused.ExitCode == ExitCodes.Environment, $"exit {refused.ExitCode}\n{refused.Errors}");
        var sentence = Assert.Single(refused.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("TLS", sentence, StringComparison.Ordinal);
        Assert.Contains("certificate is not one this client trusts", sentence, StringComparison.Ordinal);
        Assert.Contains("Root Certificate", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(application.Password!, sentence, StringComparison.Ordinal);
        Assert.StartsWith("The TLS handshake with PostgreSQL at localhost:", sentence, StringComparison.Ordinal);
    }

    /// <summary>A missing Root Certificate was "the TLS handshake failed (Exception while performing SSL handshake)"; a
    /// folder in its place, or a missing SSL Certificate or SSL Key, an unexpected error, exit 1.</summary>
    [Fact]
    public async Task A_certificate_file_that_does_not_exist_or_cannot_be_read_is_named_in_one_sentence()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 1, InvoicesPerAccount = 5, Seed = 3 });
        await using var cluster = await TlsCluster.StartAsync(Path.Combine(workspace.Folder, "tls-postgres"));
        var trusted = Path.Combine(workspace.Folder, "ca.pem");
        var clientCertificate = Path.Combine(workspace.Folder, "client.pem");
        await File.WriteAllTextAsync(trusted, cluster.AuthorityPem);
        await File.WriteAllTextAsync(clientCertificate, TlsCluster.StrangerAuthorityPem());
        var missing = Path.Combine(workspace.Folder, "nonexistent", "missing.pem");
        var application = new NpgsqlConnectionStringBuilder(cluster.ApplicationConnectionString);
        var server = $"PostgreSQL at localhost:{application.Port}";

        var cases = new (Action<NpgsqlConnectionStringBuilder> Settings, string Expected)[]
        {
            (s => s.RootCertificate = missing,
                $"ConnectionStrings:bai-db's Root Certificate names '{missing}', which does not exist, so the TLS connection to {server} could not start; fix the path, or put the file there."),
            (s => s.RootCertificate = workspace.Folder,
                $"ConnectionStrings:bai-db's Root Certificate names '{workspace.Folder}', which is a folder, not a file, so the TLS connection to {server} could not start; fix the path, or put the file there."),
            (s => (s.RootCertificate, s.SslCertificate) = (trusted, missing),
                $"ConnectionStrings:bai-db's SSL Certificate names '{missing}', which does not exist, so the TLS connection to {server} could not start; fix the path, or put the file there."),
            (s => (s.RootCertificate, s.SslCertificate, s.SslKey) = (trusted, clientCertificate, missing),
                $"ConnectionStrings:bai-db's SSL Key names '{missing}', which does not exist, so the TLS connection to {server} could not start; fix the path, or put the file there."),
        };
        var outcomes = new List<string>();
        foreach (var (settings, _) in cases)
        {
            var configured = new NpgsqlConnectionStringBuilder(cluster.ApplicationConnectionString) { Host = "localhost", SslMode = SslMode.VerifyFull };
            settings(configured);
            var run = await MigratorRun.InProcessAsync(workspace, configured.ConnectionString);
            outcomes.Add($"exit {run.ExitCode}: {run.Errors.Trim()}");
        }

        Assert.Equal([.. cases.Select(c => $"exit {ExitCodes.Environment}: {c.Expected}")], outcomes);
        Assert.All(outcomes, o => Assert.DoesNotContain(application.Password!, o, StringComparison.Ordinal));
    }
}
