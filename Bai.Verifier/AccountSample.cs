namespace Bai.Verifier;

using Npgsql;

/// <summary>
/// The accounts the checks that cannot look at every account use (isolation through the model, CRUD, plans): the
/// first, the middle and the last account id in order, plus the longest (a 100-character id is where a too-short
/// column would show). Taken from the small tables, so choosing costs nothing on a large database.
/// </summary>
internal static class AccountSample
{
    public static async Task<IReadOnlyList<string>> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var accounts = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT account_id FROM organizations UNION SELECT account_id FROM customers ORDER BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                accounts.Add(reader.GetString(0));
            }
        }

        if (accounts.Count == 0)
        {
            return [];
        }

        var longest = accounts.OrderByDescending(a => a.Length).ThenBy(a => a, StringComparer.Ordinal).First();
        return new[] { accounts[0], accounts[^1], accounts[accounts.Count / 2], longest }.Distinct(StringComparer.Ordinal).ToList();
    }
}
