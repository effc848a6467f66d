namespace Bai.Core.Ledger;

/// <summary>
/// A range of a table's ids that is in PostgreSQL, committed in the same transaction as its rows, so a run that
/// was killed resumes after the last committed chunk and never loads a row twice.
/// </summary>
public sealed class CopiedChunk
{
    public long RunId { get; set; }
    public required string TableName { get; set; }
    public long FirstId { get; set; }
    public long LastId { get; set; }
    public long Rows { get; set; }
    public long Rejected { get; set; }
}
