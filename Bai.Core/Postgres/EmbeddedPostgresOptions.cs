namespace Bai.Core.Postgres;

/// <summary>How to run the embedded PostgreSQL; bound from <c>Bai:Postgres</c>.</summary>
public sealed class EmbeddedPostgresOptions
{
    public const string SectionName = "Bai:Postgres";

    /// <summary>The cluster's state folder: data, secrets, logs. Relative paths are under the current directory.</summary>
    public string StateDirectory { get; set; } = Path.Combine(".bai", "postgres");

    /// <summary>The folder holding initdb, pg_ctl, postgres and psql; found on the machine when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>The loopback port to listen on; a free one is picked at each start when empty.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// Whether committed data must survive a power loss (fsync on). The tool keeps it on: the migration's
    /// resume ledger relies on commits being durable. Throw-away test clusters turn it off for speed; a killed
    /// server loses nothing either way, only a machine crash would.
    /// </summary>
    public bool Durable { get; set; } = true;
}
