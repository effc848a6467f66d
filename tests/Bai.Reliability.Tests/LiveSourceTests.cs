namespace Bai.Reliability.Tests;

using System.Globalization;
using System.Text.RegularExpressions;
using Bai.Core;
using Bai.Reliability.Tests.Support;
using Bai.Testing.Postgres;
using Bai.Testing.Processes;
using Bai.Testing.Sqlite;
using Microsoft.Data.Sqlite;

/// <summary>
/// Issue 8, "The source in WAL mode, with another process writing to it during the migration": what lands is exactly
/// the snapshot's content, and the migrator never writes the source (its system calls say so). The same holds in
/// rollback-journal mode, where the snapshot is the file's bytes copied under SQLite's SHARED lock.
/// </summary>
public sealed partial class LiveSourceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Theory]
    [Trait("Category", "Long")]
    [InlineData("wal")]
    [InlineData("delete")]
    public async Task A_source_written_to_during_the_run_lands_as_its_snapshot_and_is_never_written_by_us(string journalMode)
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync(new() { Accounts = 4, InvoicesPerAccount = 600, Seed = 41 });
        using (var connection = new SqliteConnection($"Data Source={workspace.SqlitePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA journal_mode = {journalMode}";
            Assert.Equal(journalMode, command.ExecuteScalar());
        }

        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(() => WriteContinuously(workspace.SqlitePath, stopWriting.Token));
        await WaitForRowsAsync(writer, TimeSpan.FromSeconds(30));

        var trace = Path.Combine(workspace.Folder, "strace");
        using (var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), null, null,
            // --reset: both journal modes' runs load the class's one database.
            ["--sqlite", workspace.SqlitePath, "--no-verify", "--reset"],
            // -ff: one file per process and thread, so no call is split into "unfinished" and "resumed" lines.
            wrapper: ["strace", "-ff", "-qq", "-y", "-e", "trace=open,openat,openat2,creat,truncate,ftruncate,fallocate,rename,renameat,renameat2,unlink,unlinkat,write,pwrite64,writev,pwritev,pwritev2", "-o", trace]))
        {
            var code = await child.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"exit {code}\n{child.Errors}");
        }

        await stopWriting.CancelAsync();
        var written = await writer;

        var snapshot = await Target.TextAsync(database.ConnectionString, "SELECT snapshot_path FROM bai_migration.runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1");
        await Target.AssertHoldsExactlyAsync(database.ConnectionString, snapshot!);
        // The writer was really at work: the live file moved on past the snapshot.
        Assert.True(CountCategories(workspace.SqlitePath) > CountCategories(snapshot!), $"the writer wrote {written} rows, none after the snapshot");

        // Every way the migrator touched the source. The database file: opened read-only, never anything else. Its WAL:
        // SQLite opens it read-write even for a read-only connection (sqlite3WalOpen tries that first), so the proof
        // there is that no write, truncate, rename or unlink ever names it (-y prints the path of every fd argument).
        var calls = Directory.EnumerateFiles(workspace.Folder, "strace.*").SelectMany(File.ReadAllLines).ToList();
        var path = workspace.SqlitePath;
        var opens = calls.Where(l => l.StartsWith("open", StringComparison.Ordinal) && l.Contains($"\"{path}\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(opens);
        Assert.All(opens, l => Assert.Matches(ReadOnlyOpen(), l));
        string[] names = [path, path + "-wal", path + "-journal"];
        Assert.Contains(calls, l => Writes().IsMatch(l) && l.Contains('<', StringComparison.Ordinal)); // the tracer did see writes, with their paths
        Assert.DoesNotContain(calls, l => Writes().IsMatch(l) && names.Any(n => l.Contains($"<{n}>", StringComparison.Ordinal)));
        Assert.DoesNotContain(calls, l => PathChanges().IsMatch(l) && names.Any(n => l.Contains($"\"{n}\"", StringComparison.Ordinal)));
    }

    /// <summary>
    /// SQLite's "hot journal" answer to a read-only reader is asked again before it is believed: the run above was
    /// refused with it on a busy CI machine, where the writer, rolling back a commit that met our read lock, deleted its
    /// journal and began a new one between SQLite's look at the journal and its look at the writer's lock. That race
    /// cannot be timed from a test; an application that rolls its unfinished write back while the migrator waits to ask
    /// again is the same answer going away, held still at the pause point.
    /// </summary>
    [Fact]
    [Trait("Category", "Long")]
    public async Task A_hot_journal_rolled_back_before_the_migrator_asks_again_does_not_stop_the_run()
    {
        using var workspace = new Workspace();
        await workspace.GenerateAsync();
        var path = HotJournal.LeaveUnfinishedWrite(workspace.SqlitePath, Path.Combine(workspace.Folder, "interrupted.db"));

        using (var child = MigratorProcess.Start(
            MigratorRun.Environment(workspace, database.ConnectionString), PausePoints.HotJournalSeen, workspace.PauseMarker,
            ["--sqlite", path, "--no-verify", "--reset"]))
        {
            await child.WaitForPauseAsync(TimeSpan.FromMinutes(2));
            // The application comes back: any read-write open rolls the unfinished write back.
            using (var application = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                application.Open();
                using var command = application.CreateCommand();
                command.CommandText = "PRAGMA quick_check";
                Assert.Equal("ok", command.ExecuteScalar());
            }

            Assert.False(File.Exists(path + "-journal"));
            child.Resume();
            var code = await child.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"exit {code}\n{child.Errors}");
        }

        await Target.AssertHoldsExactlyAsync(database.ConnectionString, path);
    }

    // openat(AT_FDCWD, "...bai.db", O_RDONLY|O_CLOEXEC) = 12</...bai.db>, or a failed probe: never O_WRONLY, O_RDWR, O_CREAT or O_TRUNC.
    [GeneratedRegex(@"^(open|openat)\(AT_FDCWD(<[^>]*>)?, "".*"", O_RDONLY(\|O_(CLOEXEC|NOFOLLOW|LARGEFILE|NONBLOCK|DIRECTORY))*(, \d+)?\)\s+=")]
    private static partial Regex ReadOnlyOpen();

    [GeneratedRegex(@"^(write|pwrite64|writev|pwritev|pwritev2|ftruncate|fallocate)\(")]
    private static partial Regex Writes();

    [GeneratedRegex(@"^(truncate|rename|renameat|renameat2|unlink|unlinkat|creat)\(")]
    private static partial Regex PathChanges();

    private static long CountCategories(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM item_categories";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The other writer: a valid category every few milliseconds, each in its own transaction.</summary>
    private long WriteContinuously(string path, CancellationToken stop)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO item_categories (account_id, name, created_at) SELECT account_id, 'live ' || $n, created_at FROM item_categories LIMIT 1";
        var n = command.Parameters.Add("$n", SqliteType.Text);
        long written = 0;
        while (!stop.IsCancellationRequested)
        {
            n.Value = written.ToString(CultureInfo.InvariantCulture);
            command.ExecuteNonQuery();
            Interlocked.Increment(ref writtenSoFar);
            written++;
            Thread.Sleep(5);
        }

        return written;
    }

    private long writtenSoFar;

    private async Task WaitForRowsAsync(Task writer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref writtenSoFar) < 20)
        {
            Assert.False(writer.IsCompleted, "the writer stopped");
            Assert.True(DateTime.UtcNow < deadline, "the writer never wrote");
            await Task.Delay(20);
        }
    }
}
