namespace Bai.Verifier.Reporting;

/// <summary>
/// One difference between source and target, as precise as the check can make it: the table, the account, the row's
/// id and the column, with both values in canonical form (<c>Bai.Core.Values.CanonicalValue</c>). Null where a
/// part does not apply (a sequence has no column; a missing row has no target value).
/// </summary>
internal sealed record Finding(
    string Check,
    string Table,
    string? Account,
    long? Id,
    string? Column,
    string? SourceValue,
    string? TargetValue,
    string Message);
