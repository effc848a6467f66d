namespace Bai.Verifier.Checks.Crud;

using Bai.Core.Schema;
using Bai.Verifier.Reporting;
using Npgsql;

/// <summary>
/// What the verifier's role, the application's, may do to each BAI table. The CRUD scenario writes four of them and
/// the application all: a role that lost INSERT, UPDATE or DELETE on another (a REVOKE, a change of owner with SELECT
/// granted back) passed every check, as the rows were right and the checks only read them. <c>has_table_privilege</c>
/// counts what the role holds through PUBLIC and the roles it belongs to, as the server's own check of a statement does.
/// </summary>
internal static class TablePrivileges
{
    /// <summary>What the application's statements do to its tables.</summary>
    private static readonly string[] Required = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    /// <summary>A finding for each BAI table on which the role lacks one of <see cref="Required"/>, naming what it may still do.</summary>
    public static async Task<List<Finding>> MissingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT current_user::text, t, ARRAY(SELECT p FROM unnest($2::text[]) WITH ORDINALITY AS r(p, o) WHERE has_table_privilege(c, p) ORDER BY o)
            FROM unnest($1::text[]) WITH ORDINALITY AS n(t, o), to_regclass(quote_ident(t)) AS c
            WHERE c IS NOT NULL
            ORDER BY n.o
            """,
            connection);
        command.Parameters.AddWithValue(BaiSchema.AllTables.Select(t => t.Name).ToArray());
        command.Parameters.AddWithValue(Required);
        List<Finding> findings = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (role, table, held) = (reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2));
            var missing = Required.Except(held).ToList();
            if (missing.Count > 0)
            {
                findings.Add(new Finding(VerifierCheck.Crud.Key(), table, null, null, null, string.Join(", ", Required), held.Length == 0 ? "none" : string.Join(", ", held),
                    $"{role} may not {string.Join(", ", missing)} rows of {table}: the application's statements that do would be refused (permission denied)"));
            }
        }

        return findings;
    }
}
