namespace Bai.Core.Sqlite;

/// <summary>One way the file's schema differs from the model's (data-rules.md, "Schema drift").</summary>
public sealed record DriftFinding(string Kind, string Table, string? Column, string Detail)
{
    public const string UnknownTable = "unknown-table";
    public const string MissingTable = "missing-table";
    public const string UnknownColumn = "unknown-column";
    public const string MissingColumn = "missing-column";
    public const string UnexpectedAlembicVersion = "unexpected-alembic-version";
    public const string WithoutRowId = "without-rowid";
    public const string RowIdShadowed = "rowid-shadowed";
}
