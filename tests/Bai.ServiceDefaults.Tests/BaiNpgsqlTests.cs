namespace Bai.ServiceDefaults.Tests;

using System.Diagnostics;
using Bai.Core;
using Bai.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;
using OpenTelemetry.Trace;

public sealed class BaiNpgsqlTests
{
    [Fact]
    public void Without_the_connection_string_it_throws_naming_the_key()
    {
        var builder = TestHosts.CreateBuilder();

        var ex = Assert.Throws<BaiEnvironmentException>(() => builder.AddBaiNpgsql());

        Assert.Contains("'ConnectionStrings:bai-db'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'ConnectionStrings__bai-db'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_name_chooses_the_key()
    {
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", "Host=127.0.0.1")]);

        var ex = Assert.Throws<BaiEnvironmentException>(() => builder.AddBaiNpgsql("staging-db"));

        Assert.Contains("'ConnectionStrings:staging-db'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_throws_without_echoing_it()
    {
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", "Host=127.0.0.1;Password=s3cret;Frobnicate=yes")]);

        var ex = Assert.Throws<BaiEnvironmentException>(() => builder.AddBaiNpgsql());

        Assert.Contains("'ConnectionStrings:bai-db'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(ex.InnerException, exactMatch: false);
    }

    /// <summary>
    /// What is wrong is said, never a value: an unknown keyword only by its place, since it may be the rest of a
    /// password holding an unquoted ';' ('Pxrt' or 'g#0st' could be), with the keyword a near miss may have meant.
    /// </summary>
    [Theory]
    [InlineData("Host=127.0.0.1;Databse=bai_db;Password=s3cret", "its keyword 2 of 3 (after 'Host') is one Npgsql does not know (not named, as it could be the rest of a password holding an unquoted ';': quote such a password in double quotes; did you mean 'Database'?)")]
    [InlineData("Host=127.0.0.1;SslMod=Require;Password=s3cret", "its keyword 2 of 3 (after 'Host') is one Npgsql does not know (not named, as it could be the rest of a password holding an unquoted ';': quote such a password in double quotes; did you mean 'SSL Mode'?)")]
    [InlineData("Host=127.0.0.1;Password=s3cr;zq9xw=1;Port=5432", "its keyword 3 of 4 (after 'Password') is one Npgsql does not know (not named, as it could be the rest of a password holding an unquoted ';': quote such a password in double quotes)")]
    [InlineData("Host=127.0.0.1;Port=fifty;Password=s3cret", "the value of 'Port' is not one Npgsql can read")]
    [InlineData("Host=127.0.0.1;Password=s3cr;g#0st=9", "its keyword 3 of 3 (after 'Password') is one Npgsql does not know (not named, as it could be the rest of a password holding an unquoted ';': quote such a password in double quotes)")]
    [InlineData("Host=127.0.0.1;Password=s3cr;Pxrt=9", "its keyword 3 of 3 (after 'Password') is one Npgsql does not know (not named, as it could be the rest of a password holding an unquoted ';': quote such a password in double quotes; did you mean 'Port'?)")]
    [InlineData("Host=127.0.0.1;Password=\"s3cret", "it is not a list of KEYWORD=VALUE pairs separated by ';'")]
    public void A_malformed_connection_string_is_explained_without_its_values(string connectionString, string explanation)
    {
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", connectionString)]);

        var ex = Assert.Throws<BaiEnvironmentException>(() => builder.AddBaiNpgsql());

        Assert.StartsWith($"The connection string 'ConnectionStrings:bai-db' is not a valid Npgsql connection string: {explanation}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zq9xw", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fifty", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("g#0st", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Pxrt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_registers_one_data_source_and_a_retrying_BaiDbContext_on_it()
    {
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", "Host=127.0.0.1;Port=5432;Database=bai_db;Username=bai_user")]);
        builder.AddServiceDefaults();

        builder.AddBaiNpgsql();

        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Same(dataSource, host.Services.GetRequiredService<NpgsqlDataSource>());
        Assert.Equal($"Host=127.0.0.1;Port=5432;Database=bai_db;Username=bai_user;Application Name={builder.Environment.ApplicationName};Pooling=False", dataSource.ConnectionString);

        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BaiDbContext>();
        Assert.Same(dataSource, DataSourceOf(db));
        Assert.IsType<NpgsqlRetryingExecutionStrategy>(db.Database.CreateExecutionStrategy());
        Assert.True(db.Database.CreateExecutionStrategy().RetriesOnFailure);
        // The model configuration of UseBai is the one in use: snake_case names.
        Assert.Equal("invoice_items", db.Model.FindEntityType(typeof(Bai.Core.Model.InvoiceItem))!.GetTableName());
    }

    [Fact]
    public void An_application_name_the_user_gave_is_kept()
    {
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", "Host=127.0.0.1;Database=bai_db;Application Name=cutover-rehearsal")]);

        builder.AddBaiNpgsql();

        using var host = builder.Build();
        Assert.Equal("cutover-rehearsal", new NpgsqlConnectionStringBuilder(host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).ApplicationName);
    }

    [Fact]
    public void Multiplexing_is_off_for_the_tools_whatever_the_connection_string_asks()
    {
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", "Host=127.0.0.1;Database=bai_db;Multiplexing=true;Application Name=app")]);

        builder.AddBaiNpgsql();

        using var host = builder.Build();
        var used = new NpgsqlConnectionStringBuilder(host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        Assert.False(used.Multiplexing);
        Assert.Equal("app", used.ApplicationName);
    }

    /// <summary>
    /// A connection the tools close is closed, not kept in a pool: one kept there while a long step ran on another
    /// connection was ended by the server's idle_session_timeout, and the next step took it back dead (a lost
    /// connection for a raw query, a broken transaction for EF). An application's Maximum Pool Size no longer applies.
    /// </summary>
    [Fact]
    public async Task A_connection_closed_by_the_tools_is_not_taken_back_after_the_server_ended_it()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        await using var database = await Bai.Testing.Postgres.PostgresDatabaseFixture.CreateAsync();
        await database.AlterAsync("SET idle_session_timeout = '1s'");
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", database.ConnectionString + ";Maximum Pool Size=1")]);
        builder.AddBaiNpgsql();
        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        int first;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            first = connection.ProcessID;
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5), ct);
        await using var again = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", again);

        Assert.NotEqual(first, (int)(await command.ExecuteScalarAsync(ct))!);
        Assert.False(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Pooling);
    }

    [Fact]
    public async Task The_health_checks_report_the_process_alive_and_PostgreSql_unreachable_when_nothing_listens()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", $"Host=127.0.0.1;Port={TestHosts.ClosedLoopbackPort()};Database=bai_db;Username=bai_user;Timeout=5")]);
        builder.AddServiceDefaults();
        builder.AddBaiNpgsql();

        using var host = builder.Build();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);

        Assert.Equal(
            [("PostgreSql", HealthStatus.Unhealthy), ("self", HealthStatus.Healthy)],
            report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Status)));
        Assert.IsType<NpgsqlException>(report.Entries["PostgreSql"].Exception, exactMatch: false);
    }

    [Fact]
    public async Task Npgsql_spans_are_exported_and_carry_no_password()
    {
        using var timeout = new CancellationTokenSource(TestHosts.Timeout);
        var ct = timeout.Token;
        var exported = new List<Activity>();
        var builder = TestHosts.CreateBuilder([new("ConnectionStrings:bai-db", $"Host=127.0.0.1;Port={TestHosts.ClosedLoopbackPort()};Database=bai_db;Username=bai_user;Password=s3cret;Timeout=5")]);
        builder.AddServiceDefaults();
        builder.AddBaiNpgsql();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));

        using (var host = builder.Build())
        {
            await host.StartAsync(ct);
            await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 1");
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync(ct));
            await host.StopAsync(ct);
        }

        // Npgsql traces the failed physical open itself (ActivitySource "Npgsql", on by default since Npgsql 8).
        var connect = Assert.Single(exported);
        Assert.Equal(("Npgsql", "CONNECT bai_db", ActivityStatusCode.Error), (connect.Source.Name, connect.DisplayName, connect.Status));
        Assert.Equal("postgresql", connect.GetTagItem("db.system.name"));
        Assert.DoesNotContain(connect.TagObjects, tag => tag.Value?.ToString()?.Contains("s3cret", StringComparison.Ordinal) == true);
    }

    private static System.Data.Common.DbDataSource? DataSourceOf(BaiDbContext db)
    {
        // NpgsqlOptionsExtension lives in an .Internal namespace (EF1001), but it is the one place that holds the
        // data source EF was configured with; the alternative, comparing connection strings, proves less.
#pragma warning disable EF1001
        return db.GetService<IDbContextOptions>()
            .FindExtension<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal.NpgsqlOptionsExtension>()?.DataSource;
#pragma warning restore EF1001
    }
}
