namespace Bai.Migrator.Reporting;

internal sealed record RejectedRowReport(string Table, long RowId, string? AccountId, IReadOnlyList<Copy.Problem> Problems);
