namespace Bai.Reliability.Tests;

using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>Issue 8, "Least privilege": the whole flow, migrate then verify, as bai_user, which is no superuser.</summary>
public sealed class LeastPrivilegeTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Migrate_and_verify_succeed_as_bai_user_which_has_no_elevated_attribute()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 3, InvoicesPerAccount = 200, Seed = 21 });

        var run = await MigratorRun.InProcessAsync(workspace, database.ConnectionString);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}, {run.Outcome}\n{run.Errors}");
        Assert.True(File.Exists(Path.ChangeExtension(run.ReportPath, ".verification.json")));
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);

        // The role the tools ran as, asked through their own connection string.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
                   (SELECT count(*) FROM pg_auth_members WHERE member = r.oid)
            FROM pg_roles r WHERE rolname = current_user
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(
            (TestPostgres.ApplicationRole, false, false, false, false, false, 0L),
            (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.GetInt64(6)));
    }
}
