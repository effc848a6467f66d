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

    /// <summary>
    /// How many threads may read one large table at once (<c>Bai:CopyReaders</c>): one per core, at most four, since
    /// the server's COPY and the writing thread need cores too. 1 reads every table on one thread.
    /// </summary>
    public int CopyReaders { get; init; } = DefaultCopyReaders;

    /// <summary>The fewest rows worth a reader of their own (<c>Bai:RowsPerCopyReader</c>): below it, starting a
    /// thread and a connection costs more than it gains.</summary>
    public long RowsPerCopyReader { get; init; } = 250_000;

    public static int DefaultCopyReaders => Math.Clamp(Environment.ProcessorCount, 1, 4);
}
