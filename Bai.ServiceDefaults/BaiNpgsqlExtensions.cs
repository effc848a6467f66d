namespace Microsoft.Extensions.Hosting;

using Bai.Core;
using Bai.Core.Data;
using Bai.Core.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

/// <summary>
/// What <c>AddNpgsqlDataSource</c> (Aspire.Npgsql) and <c>AddNpgsqlDbContext</c>
/// (Aspire.Npgsql.EntityFrameworkCore.PostgreSQL) register, from served packages: one <see cref="NpgsqlDataSource"/>
/// for <c>ConnectionStrings:{name}</c>, the "PostgreSql" health check, Npgsql's traces and metrics, and
/// <see cref="BaiDbContext"/> on that same data source with EF's retrying execution strategy.
/// </summary>
public static class BaiNpgsqlExtensions
{
    /// <summary>The connection name the AppHost gives the database resource (<c>AddDatabase("bai-db", "bai_db")</c>).</summary>
    public const string DefaultConnectionName = "bai-db";

    /// <summary>The health check name Aspire.Npgsql uses for an unkeyed data source.</summary>
    public const string HealthCheckName = "PostgreSql";

    /// <summary>
    /// Registers the PostgreSQL data source and <see cref="BaiDbContext"/> read from <c>ConnectionStrings:{connectionName}</c>.
    /// </summary>
    /// <remarks>
    /// The context retries transient failures (<c>EnableRetryOnFailure</c>, Npgsql's execution strategy). A retrying
    /// strategy refuses user-initiated transactions, because it could not replay them: every explicit transaction
    /// must run as one unit inside the strategy, so that a retry replays the whole unit:
    /// <code>
    /// await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
    /// {
    ///     await using var tx = await db.Database.BeginTransactionAsync(ct);
    ///     // ... work ...
    ///     await tx.CommitAsync(ct);
    /// }, cancellationToken);
    /// </code>
    /// See https://learn.microsoft.com/ef/core/miscellaneous/connection-resiliency#execution-strategies-and-transactions.
    /// </remarks>
    /// <exception cref="BaiEnvironmentException">The connection string is missing or is not a valid Npgsql connection string.</exception>
    public static IHostApplicationBuilder AddBaiNpgsql(this IHostApplicationBuilder builder, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var connectionString = ReadConnectionString(builder.Configuration, connectionName, builder.Environment.ApplicationName);

        // Npgsql.DependencyInjection: a singleton data source that logs through the host's ILoggerFactory, plus
        // NpgsqlConnection / DbConnection / DbDataSource registrations, exactly what Aspire.Npgsql builds on.
        // Tracing (ActivitySource "Npgsql") and metrics (Meter "Npgsql") are built into Npgsql since 8.0 and on
        // for every data source; they cost nothing until a listener subscribes.
        // TargetSessions: the server processes of the data source's connections, for the verifier's lock-wait watch.
        var sessions = new TargetSessions();
        builder.Services.AddSingleton(sessions);
        builder.Services.AddNpgsqlDataSource(connectionString, sessions.Follow);

        builder.Services.AddHealthChecks()
            .AddNpgSql(name: HealthCheckName);

        // Npgsql.OpenTelemetry's AddNpgsql() subscribes to the "Npgsql" ActivitySource; EF Core needs no
        // instrumentation of its own, its commands are Npgsql's (as in Aspire.Npgsql.EntityFrameworkCore.PostgreSQL).
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddNpgsql())
            .WithMetrics(metrics => metrics.AddMeter(Extensions.NpgsqlTelemetryName));

        // Pooled like Aspire's AddNpgsqlDbContext; UseBai keeps the model's provider configuration in one place.
        // EF logs a failed command and a failed save as errors before the caller sees the exception. Every such
        // failure reaches a worker as that exception, which says it once: a finding (the verifier's CRUD check on a
        // target that refuses its writes), a sentence with exit 3, or the one line of an unexpected error. EF's own
        // lines go to Debug, so a refusal the report already names is not an error twice in the logs and on the dashboard.
        builder.Services.AddDbContextPool<BaiDbContext>((services, options) => AsBaiOptions(options)
            .UseBai(services.GetRequiredService<NpgsqlDataSource>())
            .UseNpgsql(npgsql => npgsql.EnableRetryOnFailure())
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug))));

        return builder;
    }

    // AddDbContextPool hands its callback a DbContextOptionsBuilder<TContext> typed as the base class
    // (CreateDbContextOptions in efcore's EntityFrameworkServiceCollectionExtensions); UseBai wants the typed one.
    private static DbContextOptionsBuilder<BaiDbContext> AsBaiOptions(DbContextOptionsBuilder options) =>
        options as DbContextOptionsBuilder<BaiDbContext>
        ?? throw new InvalidOperationException($"EF Core passed a {options.GetType()} where a DbContextOptionsBuilder<BaiDbContext> was expected.");

    private static string ReadConnectionString(IConfiguration configuration, string connectionName, string applicationName)
    {
        var key = $"ConnectionStrings:{connectionName}";
        var connectionString = configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new BaiEnvironmentException(
                $"The connection string '{key}' is missing (environment variable 'ConnectionStrings__{connectionName}'); " +
                "under Aspire the AppHost sets it through WithReference.");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names what is wrong, never a value: the value may carry a password.
            throw new BaiEnvironmentException($"The connection string '{key}' is not a valid Npgsql connection string: {ConnectionStringProblem.Describe(connectionString)}.", ex);
        }

        var forTheTools = ForTheTools(parsed, applicationName) ? parsed.ConnectionString : connectionString;
        try
        {
            // Settings Npgsql refuses only together, when a data source is built (Target Session Attributes with one
            // host): refused here in one sentence rather than as an unexpected failure when the first service needs it.
            new NpgsqlDataSourceBuilder(forTheTools).Build().Dispose();
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Npgsql's words name settings, not their values.
            throw new BaiEnvironmentException($"The connection string '{key}' has settings Npgsql refuses: {ex.Message.TrimEnd('.')}.", ex);
        }

        return forTheTools;
    }

    /// <summary>
    /// Sets what the tools need of the user's connection string; false when it needs nothing, and the string is used
    /// as written.
    /// <list type="bullet">
    /// <item><c>Application Name</c> is the worker's, unless the user gave one: a DBA watching <c>pg_stat_activity</c>
    /// during the cutover sees which sessions are Bai.Migrator's and Bai.Verifier's (pgloader names its sessions the
    /// same way), and so do the tools' own messages about a session in their way.</item>
    /// <item><c>Multiplexing</c> (many commands over few connections), which an application's string may ask for, is
    /// off: the tools hold their connections (COPY, the copy's transaction, the run lock), which a multiplexed data
    /// source refuses ("No bound physical connection", exit 1).</item>
    /// <item><c>Pooling</c> is off. A pooled connection waits in the pool while a long step runs on another one; a
    /// server's <c>idle_session_timeout</c> (or a load balancer's idle timeout) ends it there, and the next step took
    /// it back dead: the migrator's verification failed its CRUD check after a content check longer than the limit,
    /// exit 1. A run opens a few dozen connections at most, so a fresh one each time costs little, and no connection
    /// carries one step's session into another's. It also lifts an application's <c>Maximum Pool Size</c>, which
    /// made a run wait for its own pool, then say PostgreSQL was unreachable (exit 3); the server's own limits
    /// (max_connections, CONNECTION LIMIT) still hold, and are named when reached.</item>
    /// </list>
    /// </summary>
    private static bool ForTheTools(NpgsqlConnectionStringBuilder parsed, string applicationName)
    {
        var changed = false;
        if (string.IsNullOrEmpty(parsed.ApplicationName))
        {
            parsed.ApplicationName = applicationName;
            changed = true;
        }

        if (parsed.Multiplexing)
        {
            parsed.Multiplexing = false;
            changed = true;
        }

        if (parsed.Pooling)
        {
            parsed.Pooling = false;
            changed = true;
        }

        return changed;
    }
}
