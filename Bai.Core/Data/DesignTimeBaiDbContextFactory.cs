namespace Bai.Core.Data;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> and <c>dotnet ef migrations script --idempotent</c> build the model
/// without a server: neither needs a connection.
/// </summary>
internal sealed class DesignTimeBaiDbContextFactory : IDesignTimeDbContextFactory<BaiDbContext>
{
    public BaiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BaiDbContext>().UseBai(dataSource: null).Options);
}
