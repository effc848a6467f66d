namespace Bai.Verifier.Reporting;

using System.Text.Encodings.Web;
using System.Text.Json;

/// <summary>
/// One difference between source and target, as precise as the check can make it: the table, the account, the row's
/// id and the column, with both values in canonical form (<c>Bai.Core.Values.CanonicalValue</c>). Null where a
/// part does not apply (a sequence has no column; a missing row has no target value). The schema check names the
/// table's <paramref name="Object"/> that differs (<c>constraint fk_payments_customer_id</c>), with what the model
/// defines as the source value and what the target holds as the target value.
/// </summary>
internal sealed record Finding(
    string Check,
    string Table,
    string? Account,
    long? Id,
    string? Column,
    string? SourceValue,
    string? TargetValue,
    string Message,
    string? Object = null)
{
    /// <summary>The parts this finding has, by attribute name (Object, Account, Id, Column, SourceValue, TargetValue).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Parts() =>
        [.. PresentParts().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value))];

    /// <summary>" (account a, id 7, column notes, source "x", target "x ")" with only the parts it has; empty for none.
    /// The values are quoted, with control characters escaped: a difference of a trailing space or a line break was
    /// invisible in the line.</summary>
    public string DescribeParts() =>
        PresentParts().Select(p => p.Name is nameof(SourceValue) or nameof(TargetValue)
                ? $"{p.Label} {JsonSerializer.Serialize((string)p.Value, Quoted)}"
                : FormattableString.Invariant($"{p.Label} {p.Value}")).ToList() is { Count: > 0 } said
            ? $" ({string.Join(", ", said)})"
            : string.Empty;

    // Quotes, backslashes and control characters escaped; letters of any script as they are (characters beyond the
    // Basic Multilingual Plane, such as emoji, as \u escapes of their two halves).
    private static readonly JsonSerializerOptions Quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private IEnumerable<(string Name, string Label, object Value)> PresentParts()
    {
        (string Name, string Label, object? Value)[] all =
        [
            (nameof(Object), "object", Object),
            (nameof(Account), "account", Account),
            (nameof(Id), "id", Id),
            (nameof(Column), "column", Column),
            (nameof(SourceValue), "source", SourceValue),
            (nameof(TargetValue), "target", TargetValue),
        ];
        return all.Where(p => p.Value is not null).Select(p => (p.Name, p.Label, p.Value!));
    }
}
