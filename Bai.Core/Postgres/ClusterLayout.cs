namespace Bai.Core.Postgres;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Where things live. The state folder (ours) holds the secrets, the lock and the client list; the server
/// folder (the server account's, mode 0700) holds the data, the unix socket and the server log. They are the
/// same tree unless the server account cannot reach the state folder (a checkout under /root), in which case
/// the server folder moves to <c>/var/tmp/bai-postgres/&lt;hash of the state path&gt;</c>, stable across runs.
/// </summary>
internal sealed class ClusterLayout
{
    private const string FallbackRoot = "/var/tmp/bai-postgres";

    // sockaddr_un holds 108 bytes; PostgreSQL appends "/.s.PGSQL.65535".
    private const int MaxSocketDirectoryLength = 90;

    private ClusterLayout(string stateDirectory, string serverDirectory, bool usesFallback)
    {
        StateDirectory = stateDirectory;
        ServerDirectory = serverDirectory;
        UsesFallback = usesFallback;
    }

    public string StateDirectory { get; }

    public string ServerDirectory { get; }

    public bool UsesFallback { get; }

    public string DataDirectory => Path.Combine(ServerDirectory, "data");

    /// <summary>Null when the path would be too long for a unix socket: the server then listens on TCP only.</summary>
    public string? SocketDirectory => Path.Combine(ServerDirectory, "run") is var dir && dir.Length <= MaxSocketDirectoryLength ? dir : null;

    public string LogFile => Path.Combine(ServerDirectory, "log", "postgres.log");

    public string SuperuserPasswordFile => Path.Combine(StateDirectory, "superuser.password");

    public string ApplicationPasswordFile => Path.Combine(StateDirectory, "bai_user.password");

    public string LockFile => Path.Combine(StateDirectory, "lock");

    public string ClientsDirectory => Path.Combine(StateDirectory, "clients");

    public static ClusterLayout Prepare(string stateDirectory, ServerAccount account)
    {
        var state = RealPath.Of(Path.GetFullPath(stateDirectory));
        // Owner-only, except that a root process lets the server account pass through (not list) to its folder.
        var stateMode = account.OtherUser is null ? OwnerOnly : OwnerOnly | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        CreateDirectory(state, stateMode);
        CreateDirectory(Path.Combine(state, "clients"), OwnerOnly);

        var usesFallback = !account.CanEnter(state);
        var server = usesFallback ? FallbackFor(state) : Path.Combine(state, "server");
        if (usesFallback)
        {
            CreateDirectory(FallbackRoot, OwnerOnly | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            if (!account.CanEnter(FallbackRoot))
            {
                throw new BaiEnvironmentException(
                    $"The '{account.OtherUser}' account can reach neither the PostgreSQL state folder '{state}' nor '{FallbackRoot}'; set Bai:Postgres:StateDirectory to a folder it can enter.");
            }
        }

        var layout = new ClusterLayout(state, server, usesFallback);
        foreach (var dir in new[] { server, Path.Combine(server, "run"), Path.Combine(server, "log") })
        {
            if (!Directory.Exists(dir))
            {
                CreateDirectory(dir, OwnerOnly);
                account.TakeOwnership(dir);
            }
        }

        return layout;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static string FallbackFor(string state)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(state));
        return Path.Combine(FallbackRoot, Convert.ToHexStringLower(hash)[..16]);
    }

    private static void CreateDirectory(string path, UnixFileMode mode)
    {
        try
        {
            // EmbeddedPostgres refuses Windows before it gets here; the guard tells the platform analyzer so.
            if (!OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path, mode);
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder comes from Bai:StateFolder (its postgres folder) unless Bai:Postgres:StateDirectory places it
            // alone; /var/tmp/bai-postgres only when the postgres account cannot enter it, and only a root process makes that.
            var fix = path.StartsWith(FallbackRoot, StringComparison.Ordinal)
                ? "set Bai:Postgres:StateDirectory to a folder this user may write and the postgres account can enter"
                : "set Bai:StateFolder (or Bai__StateFolder in the environment) to a folder this user may write, or Bai:Postgres:StateDirectory if it is set, or create the folder and give this user write access";
            throw new BaiEnvironmentException($"The PostgreSQL state folder '{path}' cannot be created ({ex.Message.TrimEnd('.')}); {fix}.", ex);
        }
    }
}
