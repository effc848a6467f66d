namespace Bai.Core.Data;

using Microsoft.EntityFrameworkCore;
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
}
