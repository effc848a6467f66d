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
    string Message)
{
    /// <summary>The parts this finding has, by name (Account, Id, Column, SourceValue, TargetValue).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Parts()
    {
        var parts = new List<KeyValuePair<string, object?>>(5);
        Add(nameof(Account), Account);
        Add(nameof(Id), Id);
        Add(nameof(Column), Column);
        Add(nameof(SourceValue), SourceValue);
        Add(nameof(TargetValue), TargetValue);
        return parts;

        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add(new(name, value));
            }
        }
    }

    /// <summary>" (account a, id 7, column notes, source x, target y)" with only the parts it has; empty for none.</summary>
    public string DescribeParts()
    {
        string?[] said =
        [
            Account is null ? null : $"account {Account}",
            Id is null ? null : FormattableString.Invariant($"id {Id}"),
            Column is null ? null : $"column {Column}",
            SourceValue is null ? null : $"source {SourceValue}",
            TargetValue is null ? null : $"target {TargetValue}",
        ];
        var present = said.OfType<string>().ToList();
        return present.Count == 0 ? string.Empty : $" ({string.Join(", ", present)})";
    }
}
