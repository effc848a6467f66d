namespace Bai.Migrator.Copy;

/// <summary>Why one value (or, for a reference, one row) could not be loaded.</summary>
/// <param name="Column">The column, or null for a problem of the whole row.</param>
/// <param name="Code">A stable code to group by (<c>orphan</c>, <c>not-null</c>, <c>lossy-real</c>...).</param>
/// <param name="Reason">One sentence: what was found, what was expected.</param>
/// <param name="Raw">The raw value as SQLite stored it, with its storage class, for the report.</param>
internal sealed record Problem(string? Column, string Code, string Reason, string? Raw);
