namespace Bai.Migrator.Tests.Reporting;

using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Migrator.Reporting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Spectre.Console;

public sealed class LeftBehindSummaryTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-left-behind-").FullName;

    /// <summary>
    /// A view's tbl_name in sqlite_master is the view itself: the summary read "view v_open on v_open". A view is named
    /// alone; a trigger and an index still name the table they belong to.
    /// </summary>
    [Fact]
    public async Task A_view_left_behind_is_named_alone_and_a_trigger_or_index_with_its_table()
    {
        var path = Path.Combine(folder, "bai.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                CREATE TABLE invoices (id INTEGER PRIMARY KEY, status TEXT);
                CREATE VIEW v_open AS SELECT id FROM invoices WHERE status = 'open';
                CREATE TRIGGER touch_invoice AFTER UPDATE ON invoices BEGIN SELECT 1; END;
                CREATE INDEX ix_invoices_status ON invoices (status);
                """;
            command.ExecuteNonQuery();
        }

        IReadOnlyList<SchemaObject> leftBehind;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            connection.Open();
            leftBehind = ObjectsLeftBehind.Find(connection, new HashSet<string>());
        }

        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        var options = new MigratorOptions
        {
            SqlitePath = path,
            StateFolder = Path.Combine(folder, "state"),
            ReportPath = Path.Combine(folder, "migration.json"),
            ExpectedAlembicVersion = BaiSchema.ExpectedAlembicVersion,
        };
        var report = new MigrationReport(
            null, "migrated", 0, path, null, null, "fail", false, [], [], 0, false, [], [], leftBehind, [], [], []);
        await using var target = NpgsqlDataSource.Create("Host=localhost;Database=bai_db");

        await new ReportWriter(options, console, target, NullLogger<ReportWriter>.Instance).WriteAsync(report, CancellationToken.None);

        Assert.Equal(
            [
                "not carried over view v_open (its SQLite SQL is in the report)",
                "not carried over trigger touch_invoice on invoices (its SQLite SQL is in the report)",
                "not carried over index ix_invoices_status on invoices (its SQLite SQL is in the report)",
            ],
            output.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.StartsWith("not carried over", StringComparison.Ordinal)));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
