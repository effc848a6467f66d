namespace Bai.Migrator;

/// <summary>What to do with rows that cannot be loaded faithfully (data-rules.md, "What the user gets").</summary>
internal enum BadRowsPolicy
{
    /// <summary>Find and report every problem, load nothing, exit 2.</summary>
    Fail,

    /// <summary>Load the good rows; store each rejected row whole in the tool's schema and the report.</summary>
    Quarantine,
}
