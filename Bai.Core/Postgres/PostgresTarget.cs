namespace Bai.Core.Postgres;

using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

/// <summary>
/// The PostgreSQL the workers write to: <c>ConnectionStrings:bai-db</c> when configured (as Aspire injects it),
/// otherwise the embedded server, which this object then owns and stops on dispose.
/// </summary>
public sealed partial class PostgresTarget : IAsyncDisposable
{
    public const string ConnectionStringName = "bai-db";

    private readonly EmbeddedPostgres? embedded;

    private PostgresTarget(string connectionString, EmbeddedPostgres? embedded)
    {
        ConnectionString = connectionString;
        this.embedded = embedded;
    }

    /// <summary>The connection string to use, password included: never log it, log <see cref="RedactedConnectionString"/>.</summary>
    public string ConnectionString { get; }

    public string RedactedConnectionString => ConnectionStringRedactor.Redact(ConnectionString);

    public bool IsEmbedded => embedded is not null;

    /// <exception cref="BaiEnvironmentException">The embedded server is needed and cannot run, or its settings are invalid.</exception>
    public static async Task<PostgresTarget> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var target = new PostgresTarget(configured, null);
            Log.UsingConfigured(logger, ConnectionStringName, target.RedactedConnectionString);
            WarnOfPasswordOthersMayRead(configuration, configured, logger);
            return target;
        }

        var options = ReadOptions(configuration.GetSection(EmbeddedPostgresOptions.SectionName), WorkerConfiguration.StateFolder(configuration));
        Log.UsingEmbedded(logger, ConnectionStringName);
        var server = await EmbeddedPostgres.StartAsync(options, logger, cancellationToken);
        return new PostgresTarget(server.ApplicationConnectionString, server);
    }

    /// <summary>
    /// A settings file holding the connection string with its password (the README's alternative to an environment
    /// variable) that other users of the machine may read: said once, as ssh says of a private key.
    /// </summary>
    private static void WarnOfPasswordOthersMayRead(IConfiguration configuration, string connectionString, ILogger logger)
    {
        if (OperatingSystem.IsWindows() || configuration is not IConfigurationRoot root || !HasPassword(connectionString))
        {
            return;
        }

        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in root.Providers.OfType<FileConfigurationProvider>())
        {
            if (file.TryGet($"ConnectionStrings:{ConnectionStringName}", out var value) && HasPassword(value)
                && file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath is { } path
                && File.Exists(path) && (File.GetUnixFileMode(path) & Others) != 0)
            {
                Log.PasswordOthersMayRead(logger, path, ConnectionStringName);
            }
        }
    }

    private static bool HasPassword(string? connectionString)
    {
        try
        {
            return !string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password);
        }
        catch (ArgumentException)
        {
            return false; // Said once the connection string is used, in its own sentence.
        }
    }

    public ValueTask DisposeAsync() => embedded?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <param name="stateFolder">Bai:StateFolder: the cluster goes in its <c>postgres</c> folder unless
    /// Bai:Postgres:StateDirectory says otherwise.</param>
    private static EmbeddedPostgresOptions ReadOptions(IConfigurationSection section, string stateFolder)
    {
        var options = new EmbeddedPostgresOptions
        {
            StateDirectory = section[nameof(EmbeddedPostgresOptions.StateDirectory)] is { Length: > 0 } state ? state : Path.Combine(stateFolder, "postgres"),
        };

        options.BinDirectory = section[nameof(options.BinDirectory)] is { Length: > 0 } bin ? bin : null;
        if (section[nameof(options.Port)] is { Length: > 0 } portText)
        {
            options.Port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new BaiEnvironmentException($"Bai:Postgres:Port must be a TCP port number (1-65535), not '{portText}'.");
        }

        return options;
    }

    private static partial class Log
    {
        [LoggerMessage(1020, LogLevel.Information, "Target PostgreSQL from ConnectionStrings:{Name}: {ConnectionString}")]
        public static partial void UsingConfigured(ILogger logger, string name, string connectionString);

        // A warning: a connection string that did not reach the process (bash refuses to export a name with a hyphen)
        // would otherwise send a rehearsal into a local server with no more than an information line. It names no data
        // folder: that is decided as the server starts (ClusterLayout: /var/tmp/bai-postgres/<hash> when the postgres
        // account cannot enter the state folder), and the ready line (1001) names the one used.
        [LoggerMessage(1021, LogLevel.Warning, "No ConnectionStrings:{Name} configured; using an embedded PostgreSQL, started from this machine's binaries for this run (the line saying it is ready names its data folder); set ConnectionStrings:{Name} to use a server of your own")]
        public static partial void UsingEmbedded(ILogger logger, string name);

        [LoggerMessage(1022, LogLevel.Warning, "{Path} holds ConnectionStrings:{Name} with its password, and other users of this machine may read it; make it readable by this user only (chmod 600 {Path})")]
        public static partial void PasswordOthersMayRead(ILogger logger, string path, string name);
    }
}
