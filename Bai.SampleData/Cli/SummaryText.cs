using System.Globalization;
using System.Text;

namespace Bai.SampleData.Cli;

/// <summary>The human-readable account of a generation the command prints.</summary>
internal static class SummaryText
{
    public static string Format(SampleSummary summary, TimeSpan elapsed, long bytes)
    {
        var text = new StringBuilder();
        var rate = summary.TotalRows / Math.Max(elapsed.TotalSeconds, 0.001);
        text.Append(CultureInfo.InvariantCulture,
            $"Wrote {summary.Path}: {summary.TotalRows:N0} rows, {bytes / 1024.0 / 1024.0:N1} MiB in {elapsed.TotalSeconds:N1} s ({rate:N0} rows/s).")
            .AppendLine();
        foreach (var (table, rows) in summary.RowCounts)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {table,-16} {rows,12:N0}").AppendLine();
        }

        foreach (var group in summary.Damage.GroupBy(d => d.Kind))
        {
            text.Append(CultureInfo.InvariantCulture, $"  damage {DamageKinds.ToKebabCase(group.Key)}: {group.Count()}").AppendLine();
        }

        return text.ToString().TrimEnd();
    }
}
