namespace Bai.Verifier.Checks.Schema;

/// <summary>
/// The differences between one table's objects as the model defines them and as the target holds them: an object the
/// model defines and the target lacks, one the target has and the model does not (an extra column, index, constraint,
/// or a child or parent table, trigger, rule or policy), and each facet of an object that both have and that differs.
/// </summary>
internal static class SchemaComparison
{
    /// <summary>One difference: the object it is about, the column when it is one, and the two sides (null where absent).</summary>
    internal sealed record Difference(string Object, string? Column, string? Expected, string? Found, string Message);

    public static IEnumerable<Difference> Compare(string table, IReadOnlyList<SchemaObject> expected, IReadOnlyList<SchemaObject> found)
    {
        var present = found.ToDictionary(o => (o.Kind, o.Name));
        if (!present.ContainsKey((SchemaObject.Table, table)))
        {
            // Everything else would be missing too: one finding says it.
            yield return new(SchemaObject.Table + " " + table, null, "present", null, "the table is missing: the search_path finds no table of that name");
            yield break;
        }

        foreach (var model in expected)
        {
            var column = model.Kind == SchemaObject.Column ? model.Name : null;
            if (!present.Remove((model.Kind, model.Name), out var target))
            {
                yield return new(model.Label, column, model.Describe(), null, $"{model.Label} is missing (the model defines {model.Describe()})");
                continue;
            }

            foreach (var (facet, value) in model.Facets)
            {
                var held = target.Facets.GetValueOrDefault(facet);
                if (!string.Equals(value, held, StringComparison.Ordinal))
                {
                    yield return new(model.Label, column, value, held, $"{model.Label}: the model defines {facet} {value}, the target has {facet} {held ?? "(none)"}");
                }
            }
        }

        // An index the model lacks that accepts every row (a DBA's index for a report after the cutover) changes
        // neither the data nor what the application may write: not a difference. A unique one refuses rows.
        foreach (var extra in present.Values.Where(o => o.Kind != SchemaObject.Index || o.Facets.GetValueOrDefault("unique") == "yes"))
        {
            var column = extra.Kind == SchemaObject.Column ? extra.Name : null;
            yield return new(extra.Label, column, null, extra.Describe(), $"{extra.Label} is not in the model ({extra.Describe()}): {WhyExtraMatters(extra, table)}");
        }
    }

    private static string WhyExtraMatters(SchemaObject extra, string table) => extra.Kind switch
    {
        SchemaObject.ChildTable => $"the application's queries of {table} read its rows too, and a COPY of {table} (the content check's) does not",
        SchemaObject.ParentTable => extra.Facets.ContainsKey("partition bound")
            ? $"{table} is one of its partitions: a row outside its bound is refused, which the model accepts"
            : $"{table} inherits from it: statements on {extra.Name} read, change and delete the rows of {table}, and a column or CHECK added to it is added to {table}",
        SchemaObject.ShadowedTable => $"the search_path finds {extra.Facets["shadowed by"]} first, so the application reads and writes that table, and these checks compare it, not this one",
        SchemaObject.Operator => $"it takes the place of PostgreSQL's operator of that name in the application's comparisons of {table}'s columns whose types fit its arguments more closely (CVE-2018-1058)",
        SchemaObject.Trigger => extra.Facets.GetValueOrDefault("enabled") == "no"
            ? "disabled, it runs on the application's writes once enabled again"
            : "it runs on the application's writes",
        SchemaObject.Rule => "it rewrites the application's statements",
        SchemaObject.Policy => "row-level security decides which rows a role sees",
        SchemaObject.Column => "the migration never writes it and the application never reads it",
        SchemaObject.Constraint => "it refuses rows the model accepts",
        SchemaObject.Index => "it refuses rows the model accepts",
        _ => "the migration did not create it",
    };
}
