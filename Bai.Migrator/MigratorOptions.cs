namespace Bai.Migrator;

/// <summary>What one migrator run was asked to do (the command line, README "Bai.Migrator").</summary>
internal sealed record MigratorOptions
{
    public required string SqlitePath { get; init; }

    public BadRowsPolicy BadRows { get; init; } = BadRowsPolicy.Fail;

    /// <summary>Where to write the JSON report; by default under the state folder.</summary>
    public string? ReportPath { get; init; }

    public bool NoVerify { get; init; }

    /// <summary>Empty the application's tables first, even when they hold data of another source.</summary>
    public bool Reset { get; init; }

    /// <summary>Tables (<c>name</c>) and columns (<c>table.column</c>) of the file the user chose to leave behind.</summary>
    public IReadOnlySet<string> Dropped { get; init; } = new HashSet<string>();

    /// <summary>The folder for snapshots, reports and the embedded PostgreSQL (<c>.bai</c> under the working directory).</summary>
    public required string StateFolder { get; init; }

    public required string ExpectedAlembicVersion { get; init; }

    /// <summary>How long the snapshot waits for a writer that holds the source locked before it gives up.</summary>
    public TimeSpan SourceLockWait { get; init; } = TimeSpan.FromSeconds(15);
}
