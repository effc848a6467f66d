namespace Bai.Core.Postgres;

using System.Globalization;
using System.Text;

/// <summary>
/// The settings of the embedded server, rewritten into <c>bai.conf</c> (included from postgresql.conf) before
/// each start, so the port and any change here apply to existing clusters without command-line options.
/// See https://www.postgresql.org/docs/15/runtime-config.html.
/// </summary>
internal static class ServerConfiguration
{
    public const string FileName = "bai.conf";

    public static string IncludeLine => $"{Environment.NewLine}include '{FileName}'{Environment.NewLine}";

    public static string Render(int port, string? socketDirectory, bool durable)
    {
        var text = new StringBuilder()
            .AppendLine("# Written by Bai before each start; edits are lost.")
            // Loopback only: the cluster is a local tool's, never a service for the network.
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            // Our own socket folder (not /var/run/postgresql, which belongs to the packaged server); none when the path is too long for a socket.
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{socketDirectory?.Replace("'", "''", StringComparison.Ordinal) ?? string.Empty}'")
            .AppendLine("unix_socket_permissions = 0700")
            .AppendLine("max_connections = 100")
            .AppendLine("shared_buffers = 256MB")
            .AppendLine("maintenance_work_mem = 256MB")
            // Minimal WAL: no replica or archive is fed, and COPY into a table created in the same transaction skips WAL entirely.
            .AppendLine("wal_level = minimal")
            .AppendLine("max_wal_senders = 0")
            .AppendLine("archive_mode = off")
            // Few checkpoints during a bulk copy.
            .AppendLine("max_wal_size = 4GB")
            .AppendLine("checkpoint_timeout = 15min")
            .AppendLine("timezone = 'UTC'")
            .AppendLine("log_timezone = 'UTC'")
            .AppendLine("log_min_messages = warning")
            // Without fsync a commit still reaches the kernel before it returns (synchronous_commit stays on), so a
            // killed server or tool loses nothing; only a machine crash could. Tests' throw-away clusters accept that.
            .AppendLine(CultureInfo.InvariantCulture, $"fsync = {(durable ? "on" : "off")}")
            .AppendLine(CultureInfo.InvariantCulture, $"full_page_writes = {(durable ? "on" : "off")}");
        return text.ToString();
    }
}
