namespace Bai.Verifier.Checks.Plans;

using System.Text.Json;

/// <summary>The parts of an <c>EXPLAIN (FORMAT JSON)</c> plan the check looks at: the indexes scanned and whether a table is read sequentially.</summary>
internal sealed record QueryPlan(IReadOnlyList<string> Indexes, bool SequentialScan, double EstimatedRows, string Summary)
{
    private static readonly HashSet<string> IndexNodes = new(StringComparer.Ordinal) { "Index Scan", "Index Only Scan", "Bitmap Index Scan" };

    public static QueryPlan Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement[0].GetProperty("Plan");
        var indexes = new List<string>();
        var nodes = new List<string>();
        var seq = false;
        Walk(root, indexes, nodes, ref seq);
        return new QueryPlan(indexes, seq, root.GetProperty("Plan Rows").GetDouble(), string.Join(" → ", nodes));
    }

    private static void Walk(JsonElement node, List<string> indexes, List<string> nodes, ref bool seq)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        var index = node.TryGetProperty("Index Name", out var name) ? name.GetString() : null;
        nodes.Add(index is null ? type : $"{type} using {index}");
        if (IndexNodes.Contains(type) && index is not null)
        {
            indexes.Add(index);
        }

        seq |= type == "Seq Scan";
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, indexes, nodes, ref seq);
            }
        }
    }
}
