namespace Bai.ServiceDefaults.Tests;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

public sealed class BaiWorkerHostTests
{
    [Fact]
    public async Task A_run_reads_its_appsettings_once_and_watches_no_folder()
    {
        IReadOnlyList<FileConfigurationSource>? jsonSources = null;

        var code = await BaiWorkerHost.RunAsync(
            $"Bai.ServiceDefaults.Tests.{Guid.NewGuid():N}",
            _ => { },
            (services, _) =>
            {
                var configuration = (IConfigurationRoot)services.GetRequiredService<IConfiguration>();
                jsonSources = [.. configuration.Providers.OfType<FileConfigurationProvider>().Select(p => p.Source)];
                return Task.FromResult(0);
            },
            TextWriter.Null,
            // Never connected to: the work above does not use the database.
            [new("ConnectionStrings:bai-db", "Host=127.0.0.1;Port=1;Database=bai_db;Username=bai_user")]);

        Assert.Equal(0, code);
        Assert.NotNull(jsonSources);
        Assert.NotEmpty(jsonSources);
        Assert.All(jsonSources, source => Assert.False(source.ReloadOnChange, $"{source.Path} is reloaded on change"));
    }
}
