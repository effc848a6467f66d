namespace Bai.Verifier.Checks;

using Npgsql;

/// <summary>
/// The checks that list offending rows count them first: PostgreSQL cannot know that a listing returns (almost)
/// nothing, and plans it as a hash join over whole tables, while the count needs only the keys' indexes and merges them
/// (invoice_items → invoices on one process: 2.0–2.5 s listed, 0.5–0.8 s counted, issue 7). The rows are listed only
/// when there are any.
/// </summary>
internal static class CountFirst
{
    /// <summary>Whether <c>SELECT count(*) <paramref name="fromWhere"/></c> finds any row.</summary>
    public static async Task<bool> AnyAsync(NpgsqlConnection connection, string fromWhere, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand($"SELECT count(*) {fromWhere}", connection) { CommandTimeout = 0 };
        return (long)(await count.ExecuteScalarAsync(cancellationToken))! > 0;
    }
}
