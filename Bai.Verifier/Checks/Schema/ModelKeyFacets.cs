namespace Bai.Verifier.Checks.Schema;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

/// <summary>
/// How a key or index of the model compares and what it holds beside its columns, spelled as
/// <see cref="CatalogObjects"/> reads them from pg_index: each key column's collation, operator class and order, the
/// INCLUDE columns, and NULLS [NOT] DISTINCT. Taken from the model the migrations were generated from (Npgsql's index
/// annotations, EF's <c>IsDescending</c>, the columns' collations), so a change to the model changes the expectation
/// with it; a key, which EF cannot configure in these ways, gets PostgreSQL's defaults, as its migration does.
/// </summary>
internal static class ModelKeyFacets
{
    public static Dictionary<string, string> Of(IUniqueConstraint key) =>
        Facets(key.Columns, key.Columns.Select(Collation), key.Columns.Select(_ => Default), key.Columns.Select(_ => Ascending), "none", "distinct");

    public static Dictionary<string, string> Of(ITableIndex tableIndex)
    {
        var index = tableIndex.MappedIndexes.First();
        var columns = tableIndex.Columns;
        var collations = index.GetCollation();
        var operators = index.GetOperators();
        var nullOrders = index.GetNullSortOrder();
        var table = StoreObjectIdentifier.Table(tableIndex.Table.Name, tableIndex.Table.Schema);
        var include = index.GetIncludeProperties() is { Count: > 0 } names
            ? $"({string.Join(", ", names.Select(n => index.DeclaringEntityType.FindProperty(n)!.GetColumnName(table)))})"
            : "none";
        return Facets(
            columns,
            columns.Select((c, i) => collations is { } given && i < given.Count ? given[i] : Collation(c)),
            columns.Select((_, i) => operators is { } given && i < given.Count && !string.IsNullOrEmpty(given[i]) ? given[i] : Default),
            columns.Select((_, i) => Order(IsDescending(tableIndex.IsDescending, i), nullOrders is { } given && i < given.Count ? given[i] : NullSortOrder.Unspecified)),
            include,
            index.GetAreNullsDistinct() == false ? "not distinct" : "distinct");
    }

    private const string Default = "default";
    private const string Ascending = "asc nulls last";

    private static Dictionary<string, string> Facets(
        IEnumerable<IColumn> columns, IEnumerable<string> collations, IEnumerable<string> operators, IEnumerable<string> order, string include, string nulls) => new()
        {
            ["columns"] = List(columns.Select(c => c.Name)),
            ["collations"] = List(collations),
            ["operator classes"] = List(operators),
            ["order"] = List(order),
            ["include"] = include,
            ["nulls"] = nulls,
        };

    /// <summary>An index column compares in its column's collation unless the index names another.</summary>
    private static string Collation(IColumn column) => column.Collation ?? Default;

    /// <summary>EF's convention: no list, every column ascending; an empty one, every column descending; a short one, the rest ascending.</summary>
    private static bool IsDescending(IReadOnlyList<bool>? descending, int column) => descending switch
    {
        null => false,
        { Count: 0 } => true,
        _ => column < descending.Count && descending[column],
    };

    /// <summary>PostgreSQL's default puts NULLs last going up and first going down.</summary>
    private static string Order(bool descending, NullSortOrder nulls) =>
        (descending ? "desc" : "asc") + ((nulls == NullSortOrder.Unspecified ? descending : nulls == NullSortOrder.NullsFirst) ? " nulls first" : " nulls last");

    private static string List(IEnumerable<string> items) => $"({string.Join(", ", items)})";
}
