namespace Bai.Core;

using System.Globalization;

/// <summary>A count with its noun, as the summaries and outcomes say it: "1 row", "4,502,550 rows".</summary>
public static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural ?? singular + "s")}");
}
