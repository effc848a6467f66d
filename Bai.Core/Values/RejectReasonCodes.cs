namespace Bai.Core.Values;

using System.Collections.Frozen;
using System.Text;

/// <summary>
/// The code a <see cref="RejectReason"/> is written as in reports and the quarantine table: its name in kebab case
/// (<c>too-long</c>, <c>null-in-not-null-column</c>), the same form as the row-level codes (<c>orphan</c>,
/// <c>cross-account</c>, <c>duplicate-id</c>), so a report groups by one kind of code.
/// </summary>
public static class RejectReasonCodes
{
    private static readonly FrozenDictionary<RejectReason, string> Codes =
        Enum.GetValues<RejectReason>().ToFrozenDictionary(r => r, r => KebabCase(r.ToString()));

    private static readonly FrozenSet<string> ValueCodes = Codes.Values.ToFrozenSet(StringComparer.Ordinal);

    public static string Code(this RejectReason reason) => Codes[reason];

    /// <summary>Whether <paramref name="code"/> says a value did not convert (not that the row's place among others,
    /// a parent or a duplicate, kept it out).</summary>
    public static bool IsValueCode(string code) => ValueCodes.Contains(code);

    private static string KebabCase(string name)
    {
        var code = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && code.Length > 0)
            {
                code.Append('-');
            }

            code.Append(char.ToLowerInvariant(c));
        }

        return code.ToString();
    }
}
