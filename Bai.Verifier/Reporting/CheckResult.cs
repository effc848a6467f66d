namespace Bai.Verifier.Reporting;

/// <summary>One line of the summary: a check over one scope (a table, a reference, an account pair, a lookup).</summary>
internal sealed record CheckResult(string Check, string Scope, bool Passed, string Figures, string? Note = null)
{
    public string Result => Passed ? "pass" : "FAIL";
}
