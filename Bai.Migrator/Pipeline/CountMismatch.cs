namespace Bai.Migrator.Pipeline;

/// <summary>A table where <c>source rows = migrated rows + rejected rows</c> does not hold.</summary>
internal sealed record CountMismatch(string Table, long Source, long Migrated, long Rejected);
