namespace Bai.Migrator.Copy;

using System.Text.Json;

/// <summary>A rejected row's problems as the quarantine and the report keep them: <c>[{"column", "code", "reason", "raw"}]</c>.</summary>
internal static class ProblemsJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>jsonb cannot hold U+0000, which a rejected TEXT may contain: it is written as the visible text <c>\u0000</c>.</summary>
    public static string Serialize(IReadOnlyList<Problem> problems) =>
        JsonSerializer.Serialize(problems, Options).Replace("\\u0000", "\\\\u0000", StringComparison.Ordinal);
}
