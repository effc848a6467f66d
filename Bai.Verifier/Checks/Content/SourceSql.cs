namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;

/// <summary>
/// The SELECTs over the source: the rowid (the quarantine names rejected rows by it), then the model's columns in
/// model order, names from <see cref="BaiSchema"/>. For a BAI table <c>id</c> is the rowid, so "ORDER BY id" within an
/// account follows the legacy <c>account_id</c> index without a sort.
/// </summary>
internal static class SourceSql
{
    public static string All(TableSpec table) => $"SELECT rowid, {Columns(table)} FROM \"{table.Name}\"";

    /// <summary>One account's rows in id order; the account is the parameter <c>$account</c>.</summary>
    public static string Account(TableSpec table) =>
        $"SELECT rowid, {Columns(table)} FROM \"{table.Name}\" WHERE \"{BaiSchema.AccountIdColumn}\" = $account ORDER BY \"{BaiSchema.IdColumn}\"";

    private static string Columns(TableSpec table) => string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
}
