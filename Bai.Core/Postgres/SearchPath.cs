namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// The BAI tables live in the first schema of the connection's <c>search_path</c>: EF Core's migrations create them
/// there, and the Python backend's queries, which name tables without a schema, look there. A <c>search_path</c> that
/// names no existing schema (<c>''</c>, as some hardening guides set it, or a schema since dropped) leaves them
/// nowhere to go, and PostgreSQL would say only "no schema has been selected to create in".
/// </summary>
public static class SearchPath
{
    /// <exception cref="BaiEnvironmentException">No schema of the search_path exists.</exception>
    public static async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT current_schema(), current_setting('search_path'), current_user", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.IsDBNull(0))
        {
            return;
        }

        var path = reader.GetString(1);
        var user = reader.GetString(2);
        throw new BaiEnvironmentException(
            $"The search_path of user '{user}' on database '{connection.Database}' ('{path}') names no schema that exists, so the BAI tables, and the application's queries that name them without a schema, have nowhere to go; nothing was written. Set it for the role (ALTER ROLE {user} IN DATABASE {connection.Database} SET search_path = public) or in ConnectionStrings:bai-db (Options=-c search_path=public).");
    }
}
