namespace Bai.Core.Postgres;

/// <summary>
/// A program to run, with its arguments, extra environment and standard input. Secrets go only in
/// <see cref="Environment"/> or <see cref="StandardInput"/>: argument lists are visible to every user of the machine.
/// </summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? StandardInput { get; init; }

    /// <summary>
    /// The server account may not be able to enter the caller's working directory (a checkout under /root);
    /// every path we pass is absolute, so "/" is always safe.
    /// </summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>Names of inherited environment variables to remove, e.g. <c>PGHOST</c> that would redirect psql.</summary>
    public Func<string, bool>? RemoveInherited { get; init; }
}
