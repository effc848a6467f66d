namespace Bai.Migrator;

using System.CommandLine;
using Bai.Core;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Microsoft.Extensions.Configuration;

/// <summary>The command line (README "Bai.Migrator"), parsed by System.CommandLine into <see cref="MigratorOptions"/>.</summary>
internal static class MigratorCommand
{
    public static RootCommand Create(IConfiguration configuration, Func<MigratorOptions, CancellationToken, Task<int>> run)
    {
        var sqlite = new Option<string?>("--sqlite") { HelpName = "PATH", Description = "The legacy BAI SQLite file. Default: ConnectionStrings:bai-sqlite, else samples/bai-sample.db." };
        var badRows = new Option<BadRowsPolicy>("--bad-rows")
        {
            HelpName = "fail|quarantine",
            // No DefaultValueFactory: its value is shown as the enum's name ("[default: Fail]"); Fail is the enum's default.
            Description = "fail (the default): report every bad row and load nothing (exit 2). quarantine: load the good rows, keep the bad ones whole in bai_migration.rejected_rows.",
            // Said as the help spells the values: System.CommandLine's own refusal named the enum's type and offered
            // "Fail" and "Quarantine".
            CustomParser = result =>
            {
                if (result.Tokens is [var token] && Enum.TryParse<BadRowsPolicy>(token.Value, ignoreCase: true, out var policy) && Enum.IsDefined(policy)
                    && !char.IsAsciiDigit(token.Value.FirstOrDefault()))
                {
                    return policy;
                }

                result.AddError("--bad-rows takes fail or quarantine.");
                return BadRowsPolicy.Fail;
            },
        };
        var report = new Option<string?>("--report") { HelpName = "PATH", Description = "Where to write the JSON report. Default: .bai/reports/migration-<time>.json." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip the verifier's checks after the copy (the Aspire AppHost runs Bai.Verifier separately)." };
        var reset = new Option<bool>("--reset") { Description = "Empty the BAI tables first even when they hold other data." };
        var sourceLockWait = new Option<double>("--source-lock-wait")
        {
            HelpName = "SECONDS",
            Description = "Seconds the snapshot waits for an application writing to the SQLite file to release its lock.",
            DefaultValueFactory = _ => 15,
            // A parser rather than a validator: a validator that reads a value System.CommandLine could not convert
            // ("abc") throws, and the process aborted (exit 134) instead of naming the mistake.
            CustomParser = result =>
            {
                if (result.Tokens is [var token]
                    && double.TryParse(token.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    && seconds is >= 0 and <= 86_400)
                {
                    return seconds;
                }

                result.AddError("--source-lock-wait takes seconds from 0 to 86400.");
                return 0;
            },
        };
        var drop = new Option<string[]>("--drop") { HelpName = "NAME", Description = "Leave a table (NAME) or column (TABLE.COLUMN) of the file behind on purpose; repeatable.", AllowMultipleArgumentsPerToken = true };

        var command = new RootCommand("Moves a legacy BAI SQLite database into PostgreSQL with tenant-scoped composite keys: snapshot, schema, copy, finish, check, verify. Target: ConnectionStrings:bai-db, else an embedded PostgreSQL. Exit codes: 0 completed, 2 data problems, 3 configuration or environment, 1 unexpected, 130 interrupted.")
        {
            sqlite, badRows, report, noVerify, reset, drop, sourceLockWait,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var options = new MigratorOptions
            {
                SqlitePath = ResolveSqlitePath(result.GetValue(sqlite), configuration),
                BadRows = result.GetValue(badRows),
                ReportPath = result.GetValue(report),
                NoVerify = result.GetValue(noVerify),
                Reset = result.GetValue(reset),
                Dropped = new HashSet<string>(result.GetValue(drop) ?? [], StringComparer.Ordinal),
                StateFolder = WorkerConfiguration.StateFolder(configuration),
                ExpectedAlembicVersion = configuration["Bai:ExpectedAlembicVersion"] ?? BaiSchema.ExpectedAlembicVersion,
                SourceLockWait = TimeSpan.FromSeconds(result.GetValue(sourceLockWait)),
            };
            // Before the host starts: a mistyped path should not first wait for an embedded PostgreSQL to start (and
            // initialise one in a folder that never had one). The snapshot checks the file again as it copies it.
            SqliteFileCheck.EnsureReadable(options.SqlitePath);
            // Mistakes of the command line and settings too: refused before a server starts or a snapshot is taken.
            Pipeline.DroppedNames.RefuseModelTables(options.Dropped);
            // And a report folder this user cannot write, which was found only after the embedded PostgreSQL had started
            // (the run checks it again before its first step, as it is in-process for the AppHost and the tests).
            ReportFile.EnsureWritable(Reporting.ReportWriter.PathFor(options));
            options = WithCopyReaders(options, configuration);
            return run(options, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// The copy's readers from configuration (<c>Bai:CopyReaders</c>, <c>Bai:RowsPerCopyReader</c>). Called as the host
    /// is built, where a value that is not a whole number of at least 1 ends the run with its message (exit 3).
    /// </summary>
    public static MigratorOptions WithCopyReaders(MigratorOptions options, IConfiguration configuration) => options with
    {
        CopyReaders = PositiveSetting(configuration, "Bai:CopyReaders") is { } readers ? (int)Math.Min(readers, 64) : options.CopyReaders,
        RowsPerCopyReader = PositiveSetting(configuration, "Bai:RowsPerCopyReader") ?? options.RowsPerCopyReader,
    };

    /// <summary>A whole number of at least 1 from configuration, or null when unset; anything else is the user's error.</summary>
    private static long? PositiveSetting(IConfiguration configuration, string key) =>
        configuration[key] is not { Length: > 0 } text ? null
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 ? value
        : throw new BaiEnvironmentException($"{key} is '{text}'; it takes a whole number of at least 1.");

    /// <summary>--sqlite, else ConnectionStrings:bai-sqlite (as Aspire injects it), else the committed sample.</summary>
    private static string ResolveSqlitePath(string? option, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(SqlAlchemyUrl.PathOrSetting(option, "--sqlite"));
        }

        var connectionString = configuration.GetConnectionString("bai-sqlite");
        return string.IsNullOrWhiteSpace(connectionString)
            ? WorkerConfiguration.DefaultSample()
            : Path.GetFullPath(SqliteFile.PathFromConnectionString(connectionString));
    }
}
