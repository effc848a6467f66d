namespace Bai.Core.Data;

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

public static class BaiDbContextOptions
{
    /// <summary>The one place that says how the model talks to PostgreSQL, for the workers, the tests and the design-time tools.</summary>
    public static DbContextOptionsBuilder<BaiDbContext> UseBai(this DbContextOptionsBuilder<BaiDbContext> builder, NpgsqlDataSource? dataSource)
    {
        if (dataSource is null)
        {
            builder.UseNpgsql();
        }
        else
        {
            builder.UseNpgsql(dataSource);
        }

        return builder.UseSnakeCaseNamingConvention();
    }

    /// <summary>A context on a connection (and transaction) the caller owns, for work that must share them.</summary>
    public static BaiDbContext Create(NpgsqlConnection connection) =>
        new(new DbContextOptionsBuilder<BaiDbContext>().UseNpgsql(connection).UseSnakeCaseNamingConvention().Options);

    public static BaiDbContext Create(NpgsqlDataSource dataSource) =>
        new(new DbContextOptionsBuilder<BaiDbContext>().UseBai(dataSource).Options);

    /// <summary>
    /// A context on the caller's connection for a write the database is meant to refuse (the verifier's cross-account
    /// probe): EF's error events for the failed command and save go to Debug, so a refusal that proves the schema right
    /// does not show up as an error in the logs and on the dashboard. Every other event logs as usual.
    /// </summary>
    public static BaiDbContext CreateExpectingRefusal(DbConnection connection, ILoggerFactory? loggerFactory) =>
        new(new DbContextOptionsBuilder<BaiDbContext>()
            .UseNpgsql(connection)
            .UseSnakeCaseNamingConvention()
            .UseLoggerFactory(loggerFactory)
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug)))
            .Options);
}
