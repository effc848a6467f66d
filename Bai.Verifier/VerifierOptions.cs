namespace Bai.Verifier;

/// <summary>What one verification was asked to do (the command line of issue 4, or the migrator's step "verify").</summary>
internal sealed record VerifierOptions
{
    /// <summary>The SQLite file to compare with; null: the snapshot the last completed (or copied) migration run recorded.</summary>
    public string? SqlitePath { get; init; }

    /// <summary>Where to write the JSON report; by default under the state folder.</summary>
    public string? ReportPath { get; init; }

    public IReadOnlySet<VerifierCheck> Checks { get; init; } = new HashSet<VerifierCheck>(VerifierChecks.All);

    /// <summary>
    /// Whether SQLite's structure check of the source already passed in this process: the migrator checked the snapshot
    /// it hands to its verification step, so reading it once more would only cost time (1.5 s at 6.33M rows).
    /// </summary>
    public bool SourceStructureChecked { get; init; }

    /// <summary>
    /// What a verification that could not finish (a connection limit, a lock, a full disk) leaves behind, in its exit-3
    /// sentence: the verifier alone changed nothing; the migrator's step "verify" follows a copy that committed.
    /// </summary>
    public string Unfinished { get; init; } = "the verification did not finish, and the target is as it was";

    /// <summary>The folder for reports (<c>.bai</c> under the working directory), as for the migrator.</summary>
    public required string StateFolder { get; init; }
}
