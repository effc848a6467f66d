namespace Bai.Migrator.Pipeline;

/// <summary>The rollback point: a consistent copy of the source, and the hash that names its content.</summary>
internal sealed record Snapshot(string SourcePath, string Path, string Sha256, long Bytes, bool Reused);
