namespace Bai.Verifier.Checks.Schema;

/// <summary>
/// One object of a BAI table as the schema check compares it (the table itself, a column, a constraint, an index, or
/// what can hide or rewrite its rows: a child table, a parent table, a trigger, a rule, a row-security policy; a
/// table of its name that the search_path finds after it; an operator that takes the place of PostgreSQL's), named by
/// <paramref name="Kind"/> and <paramref name="Name"/> and described by facets ("type", "columns", "on delete"...)
/// spelled as PostgreSQL's catalog shows them, so that the model's side and the target's side compare as strings.
/// </summary>
internal sealed record SchemaObject(string Kind, string Name, IReadOnlyDictionary<string, string> Facets)
{
    public const string Table = "table";
    public const string Column = "column";
    public const string Constraint = "constraint";
    public const string Index = "index";
    public const string ChildTable = "child table";
    public const string ParentTable = "parent table";
    public const string ShadowedTable = "shadowed table";
    public const string Operator = "operator";
    public const string Trigger = "trigger";
    public const string Rule = "rule";
    public const string Policy = "policy";

    /// <summary>"constraint fk_payments_customer_id": what a finding names.</summary>
    public string Label => $"{Kind} {Name}";

    /// <summary>"type numeric(12,2), collation default, ...": the whole object in one line (its type first), for a missing or an extra one.</summary>
    public string Describe() =>
        string.Join(", ", Facets.OrderBy(f => f.Key != "type").ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"));
}
