namespace Bai.Migrator.Reporting;

internal sealed record ProblemExample(long RowId, string? AccountId, string? Column, string? Raw, string Reason);
