namespace Bai.Core;

/// <summary>The exit codes both workers return, as the README documents them.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Anything unexpected: a bug or a fault nobody anticipated.</summary>
    public const int Unexpected = 1;

    /// <summary>The data is not right: rejected rows under <c>--bad-rows fail</c>, schema drift, verification differences.</summary>
    public const int DataProblems = 2;

    /// <summary>Configuration or environment: a file missing, PostgreSQL unreachable, authentication, privileges.</summary>
    public const int Environment = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM before the work was done (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
