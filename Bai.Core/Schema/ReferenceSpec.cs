namespace Bai.Core.Schema;

/// <summary>
/// A legacy reference column <c>X_id</c> and the account column <c>X_account_id</c> it gains in the target,
/// filled from the referenced row's <c>account_id</c> (target-schema.md, "References").
/// </summary>
public sealed record ReferenceSpec(string Column, string AccountColumn, string ParentTable, bool Nullable, bool CascadeDelete = false);
