namespace Bai.SampleData;

/// <summary>Groups of <see cref="DamageKind"/> and their names on the command line.</summary>
public static class DamageKinds
{
    /// <summary>Every kind, in the order the generator applies them.</summary>
    public static IReadOnlyList<DamageKind> All { get; } = Enum.GetValues<DamageKind>();

    /// <summary>The kinds whose values are legal per data-rules.md and must load, converted.</summary>
    public static IReadOnlyList<DamageKind> ValidConversions { get; } =
    [
        DamageKind.FaithfulRealMoney, DamageKind.MixedButValidDates, DamageKind.IntegerAsText,
        DamageKind.RealWholeNumberInInteger, DamageKind.DecimalAsText, DamageKind.TextBoolean,
    ];

    /// <summary>The kinds that change the schema rather than values; a migration refuses such a file as a whole.</summary>
    public static IReadOnlyList<DamageKind> SchemaDrift { get; } =
    [
        DamageKind.SchemaDriftUnknownColumn, DamageKind.SchemaDriftUnknownTable,
        DamageKind.SchemaDriftMissingTable, DamageKind.UnexpectedAlembicVersion,
    ];

    /// <summary>The kinds that put rows to be rejected into an otherwise loadable file.</summary>
    public static IReadOnlyList<DamageKind> RowLevel { get; } =
        [.. All.Where(k => !IsValidConversion(k) && !SchemaDrift.Contains(k))];

    public static bool IsValidConversion(DamageKind kind) => ValidConversions.Contains(kind);

    /// <summary>
    /// Reads <c>all</c> or a comma-separated list of kinds, by enum name or kebab-case
    /// (<c>OrphanReference</c>, <c>orphan-reference</c>), case-insensitively.
    /// </summary>
    public static IReadOnlySet<DamageKind> Parse(string text)
    {
        var result = new HashSet<DamageKind>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                result.UnionWith(All);
                continue;
            }

            if (!Enum.TryParse<DamageKind>(part.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var kind)
                || !Enum.IsDefined(kind))
            {
                throw new FormatException(
                    $"Unknown damage kind '{part}'. Known kinds: all, {string.Join(", ", All.Select(ToKebabCase))}.");
            }

            result.Add(kind);
        }

        return result;
    }

    public static string ToKebabCase(DamageKind kind)
    {
        var name = kind.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
