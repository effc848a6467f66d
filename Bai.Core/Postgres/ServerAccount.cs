namespace Bai.Core.Postgres;

/// <summary>
/// Who runs initdb and postgres. Both refuse to run as root, so a root process (CI, containers) runs them as
/// the <c>postgres</c> system account through util-linux's <c>runuser</c>; anyone else runs them directly.
/// </summary>
internal sealed class ServerAccount
{
    public const string SystemAccount = "postgres";

    private const string RunUser = "/usr/sbin/runuser";
    private const string SetSid = "/usr/bin/setsid";

    private ServerAccount(string? otherUser) => OtherUser = otherUser;

    /// <summary>The account the server runs as when it is not the current one; null when it is the current one.</summary>
    public string? OtherUser { get; }

    public static ServerAccount Detect()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return new ServerAccount(null);
        }

        if (!File.Exists(RunUser))
        {
            throw new BaiEnvironmentException(
                $"Running as root needs {RunUser} (package util-linux) to start PostgreSQL as the '{SystemAccount}' account; install it or run Bai as a normal user.");
        }

        var probe = ProcessRunner.Run(new(RunUser, ["-u", SystemAccount, "--", "true"]), TimeSpan.FromSeconds(30));
        return probe.ExitCode == 0
            ? new ServerAccount(SystemAccount)
            : throw new BaiEnvironmentException(
                $"PostgreSQL refuses to run as root and there is no usable '{SystemAccount}' account to run it as; create one (apt-get install postgresql does) or run Bai as a normal user.");
    }

    /// <summary>The command run as the server account.</summary>
    public ProcessCommand AsServer(ProcessCommand command) => OtherUser is null
        ? command
        : command with { FileName = RunUser, Arguments = ["-u", OtherUser, "--", command.FileName, .. command.Arguments] };

    /// <summary>
    /// The command run as the server account in a session of its own, so that a Ctrl+C in the terminal reaches
    /// only our process, which then stops the server in order instead of racing it.
    /// </summary>
    public ProcessCommand AsDetachedServer(ProcessCommand command) => AsServer(File.Exists(SetSid)
        ? command with { FileName = SetSid, Arguments = ["--wait", command.FileName, .. command.Arguments] }
        : command);

    /// <summary>Gives a folder or file we created to the server account (not recursive: the data folder is the server's own).</summary>
    public void TakeOwnership(string path)
    {
        if (OtherUser is null)
        {
            return;
        }

        var result = ProcessRunner.Run(new("chown", [$"{OtherUser}:", path]), TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new BaiEnvironmentException($"Could not give '{path}' to the '{OtherUser}' account: {result.Tail(200)}");
        }
    }

    /// <summary>Whether the server account can enter <paramref name="directory"/> (every parent must let it through).</summary>
    public bool CanEnter(string directory) => OtherUser is null
        || ProcessRunner.Run(AsServer(new("test", ["-x", directory])), TimeSpan.FromSeconds(30)).ExitCode == 0;
}
