namespace Bai.Verifier.Checks.Plans;

/// <summary>A typical account-scoped lookup of the application and the index it should use.</summary>
internal sealed record PlannedLookup(string Name, string Table, string Sql, string ExpectedIndex);
