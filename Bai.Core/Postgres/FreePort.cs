namespace Bai.Core.Postgres;

using System.Net;
using System.Net.Sockets;

internal static class FreePort
{
    /// <summary>A loopback port the kernel considers free now; another process may still take it before the server binds, so callers retry.</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
