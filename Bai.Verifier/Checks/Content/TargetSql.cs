namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;

/// <summary>The reads of the target: the legacy columns only (the <c>X_account_id</c> columns are the isolation check's).</summary>
internal static class TargetSql
{
    /// <summary>The whole table as binary COPY: the fastest way out of PostgreSQL, no per-row protocol overhead.</summary>
    public static string CopyAll(TableSpec table) => $"COPY {table.Name} ({Columns(table)}) TO STDOUT (FORMAT BINARY)";

    /// <summary>One account's rows in id order (a range scan of the primary key); the account is <c>$1</c>.</summary>
    public static string Account(TableSpec table) =>
        $"SELECT {Columns(table)} FROM {table.Name} WHERE {BaiSchema.AccountIdColumn} = $1 ORDER BY {BaiSchema.IdColumn}";

    /// <summary>A table without accounts (<c>alembic_version</c>): all of it.</summary>
    public static string All(TableSpec table) => $"SELECT {Columns(table)} FROM {table.Name}";

    private static string Columns(TableSpec table) => string.Join(", ", table.Columns.Select(c => c.Name));
}
