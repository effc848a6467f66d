namespace Bai.Migrator.Copy;

using System.Text.Json;

/// <summary>A rejected row's problems as the quarantine and the report keep them: <c>[{"column", "code", "reason", "raw"}]</c>.</summary>
internal static class ProblemsJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// jsonb cannot hold U+0000 (its escape <c>\u0000</c> is refused too), which a rejected TEXT may contain: every
    /// U+0000 is written as the visible text <c>\u0000</c> before serializing. Rewriting the serialized JSON instead
    /// would turn an already visible <c>\u0000</c> (JSON <c>\\u0000</c>, as RawValue.ToString shows a NUL) back into
    /// the escape jsonb refuses.
    /// </summary>
    public static string Serialize(IReadOnlyList<Problem> problems) =>
        JsonSerializer.Serialize(problems.Select(p => p with { Column = Visible(p.Column), Reason = Visible(p.Reason)!, Raw = Visible(p.Raw) }), Options);

    private static string? Visible(string? text) => text?.Replace("\0", "\\u0000", StringComparison.Ordinal);
}
