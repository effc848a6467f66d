namespace Bai.Core.Schema;

/// <summary>
/// A legacy reference column <c>X_id</c> and the account column <c>X_account_id</c> it gains in the target,
/// filled from the referenced row's <c>account_id</c> (target-schema.md, "References").
/// </summary>
public sealed record ReferenceSpec(string Column, string AccountColumn, string ParentTable, bool Nullable, bool CascadeDelete = false)
{
    /// <summary>The CHECK <c>X_account_id = account_id</c> of this reference in <paramref name="table"/>: the database's tenant isolation.</summary>
    public string SameAccountCheck(string table) => $"ck_{table}_{Column}_same_account";
}
