namespace Bai.Migrator.Reporting;

/// <summary>Rejected rows grouped by table and reason, with a few examples each.</summary>
internal sealed record ProblemGroup(string Table, string Code, long Rows, IReadOnlyList<ProblemExample> Examples);
