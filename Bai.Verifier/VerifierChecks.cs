namespace Bai.Verifier;

using Bai.Core;

internal static class VerifierChecks
{
    public static IReadOnlyList<VerifierCheck> All { get; } = Enum.GetValues<VerifierCheck>();

    private static readonly Dictionary<string, int> Positions = All.Select((check, position) => (Key: check.Key(), Position: position)).ToDictionary(c => c.Key, c => c.Position);

    /// <summary>The lower-case name used by --checks, the report and the span names.</summary>
    public static string Key(this VerifierCheck check) => check.ToString().ToLowerInvariant();

    /// <summary>The position of the check named <paramref name="key"/> in <see cref="All"/>: the order of the report's results and findings.</summary>
    public static int OrderOf(string key) => Positions.GetValueOrDefault(key, All.Count);

    /// <summary>Parses <c>--checks counts,content</c> (commas or spaces, any case); null or empty means all.</summary>
    /// <exception cref="BaiEnvironmentException">A name that is not a check.</exception>
    public static IReadOnlySet<VerifierCheck> Parse(IEnumerable<string>? values)
    {
        var names = (values ?? []).SelectMany(v => v.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return new HashSet<VerifierCheck>(All);
        }

        var result = new HashSet<VerifierCheck>();
        foreach (var name in names)
        {
            var check = All.FirstOrDefault(c => string.Equals(c.Key(), name, StringComparison.OrdinalIgnoreCase), (VerifierCheck)(-1));
            if (!Enum.IsDefined(check))
            {
                throw new BaiEnvironmentException($"--checks names an unknown check '{name}'; use a comma-separated list of {string.Join(", ", All.Select(c => c.Key()))}.");
            }

            result.Add(check);
        }

        return result;
    }
}
