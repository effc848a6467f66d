namespace Bai.ServiceDefaults.Tests;

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

internal static class TestHosts
{
    /// <summary>The bound of every wait in these tests; generous, since CI machines have two cores.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A host builder that sees only <paramref name="settings"/>: no environment variables (an OTEL_* variable of
    /// the machine must not change a test) and an application name of its own, because ActivitySource and Meter
    /// listeners are process-wide and tests run in parallel.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = $"Bai.ServiceDefaults.Tests.{Guid.NewGuid():N}",
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        return builder;
    }

    /// <summary>A loopback port that was free a moment ago and has no listener now.</summary>
    public static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
