namespace Bai.Core.Ledger;

/// <summary>A source row that could not be loaded, stored whole so nothing is lost (data-rules.md).</summary>
public sealed class RejectedRow
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public required string TableName { get; set; }

    /// <summary>The row's SQLite rowid: the legacy tables are rowid tables, so it identifies the row even when <c>id</c> is damaged.</summary>
    public long SourceRowId { get; set; }

    public string? AccountId { get; set; }

    /// <summary>Every column as <c>{"column": {"type": "integer|real|text|blob|null", "value": ...}}</c>.</summary>
    public required string RawValues { get; set; }

    /// <summary><c>[{"column": ..., "reason": ...}]</c>.</summary>
    public required string Reasons { get; set; }
}
