namespace Bai.Reliability.Tests;

using System.Diagnostics;
using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Microsoft.Data.Sqlite;

/// <summary>
/// Issue 8, "Hostile input": names in the SQLite file built to break quoting are refused as schema drift, or, when
/// the user leaves them behind on purpose, never reach PostgreSQL at all: the target's SQL comes from the model.
/// </summary>
public sealed class HostileInputTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Column = "x\"; DROP TABLE canary; --";
    private const string Table = "a\"b'); DROP TABLE canary; --";
    private const string Index = "ix\"; DROP TABLE canary; --";

    [Fact]
    public async Task Names_built_to_break_quoting_are_refused_as_drift_then_left_behind_without_reaching_sql()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 2, InvoicesPerAccount = 40, Seed = 31 });
        AddHostileNames(workspace.SqlitePath);
        await Target.ExecuteAsync(database.ConnectionString, "CREATE TABLE canary (id int); INSERT INTO canary VALUES (1)");

        var statements = new List<string>();
        var listener = ListenToNpgsql(statements);

        var refused = await MigratorRun.InProcessAsync(workspace, database.ConnectionString);
        Assert.True(refused.ExitCode == ExitCodes.DataProblems, $"exit {refused.ExitCode}, {refused.Outcome}\n{refused.Errors}");
        Assert.Contains("schema drift", refused.Outcome, StringComparison.Ordinal);
        var drift = refused.Report!.RootElement.GetProperty("drift").ToString();
        Assert.Contains("DROP TABLE canary", drift, StringComparison.Ordinal);
        Assert.Equal(0, await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM pg_class WHERE relname = 'customers'"));

        // Left behind on purpose: the rest migrates, verified, and the names never reach PostgreSQL.
        var migrated = await MigratorRun.InProcessAsync(workspace, database.ConnectionString, "--drop", Table, "--drop", $"customers.{Column}");
        listener.Dispose(); // what follows is the test's own SQL
        Assert.True(migrated.ExitCode == 0, $"exit {migrated.ExitCode}, {migrated.Outcome}\n{migrated.Errors}");

        Assert.Equal(1, await Target.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM canary"));
        Assert.NotEmpty(statements);
        Assert.DoesNotContain(statements, s => s.Contains("canary", StringComparison.Ordinal));
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, workspace.SqlitePath);
    }

    private static void AddHostileNames(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        var column = Quote(Column);
        command.CommandText =
            $"""
            ALTER TABLE customers ADD COLUMN {column} TEXT;
            UPDATE customers SET {column} = '''); DROP TABLE canary; --';
            CREATE TABLE {Quote(Table)} (id INTEGER PRIMARY KEY, {column} TEXT);
            INSERT INTO {Quote(Table)} VALUES (1, 'DROP TABLE canary');
            CREATE INDEX {Quote(Index)} ON customers ({column});
            """;
        command.ExecuteNonQuery();
    }

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Every SQL text Npgsql sends in this process, as its ActivitySource reports it.</summary>
    private static ActivityListener ListenToNpgsql(List<string> statements)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var tag in activity.TagObjects.Where(t => t.Key is "db.statement" or "db.query.text"))
                {
                    lock (statements)
                    {
                        statements.Add(tag.Value?.ToString() ?? "");
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
