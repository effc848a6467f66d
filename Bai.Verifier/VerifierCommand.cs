namespace Bai.Verifier;

using System.CommandLine;
using Bai.Core;
using Bai.Core.Sqlite;

/// <summary>The command line of issue 4, parsed by System.CommandLine into <see cref="VerifierOptions"/>.</summary>
internal static class VerifierCommand
{
    public static RootCommand Create(Func<VerifierOptions, CancellationToken, Task<int>> run)
    {
        var sqlite = new Option<string?>("--sqlite") { HelpName = "PATH", Description = "Compare with this SQLite file. Default: the snapshot the last completed migration run recorded in bai_migration.runs." };
        var report = new Option<string?>("--report") { HelpName = "PATH", Description = "Where to write the JSON report. Default: .bai/reports/verification-<time>.json." };
        // The values themselves as the value's name, as the README's usage line writes them (it showed "<checks>").
        var checks = new Option<string[]>("--checks")
        {
            HelpName = string.Join(",", VerifierChecks.All.Select(c => c.Key())),
            Description = "The checks to run, comma-separated, any of those named. Default: all.",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new RootCommand("Proves independently that PostgreSQL holds exactly what the SQLite file held: schema, counts, content, references, tenant isolation, sequences, CRUD through the model, query plans. Target: ConnectionStrings:bai-db, else an embedded PostgreSQL. Exit codes: 0 verified, 2 differences, 3 configuration or environment, 1 unexpected, 130 interrupted.")
        {
            sqlite, report, checks,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            IReadOnlySet<VerifierCheck> selected;
            try
            {
                selected = VerifierChecks.Parse(result.GetValue(checks));
            }
            catch (BaiEnvironmentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return ExitCodes.Environment;
            }

            var configuration = WorkerConfiguration.Build();
            var path = result.GetValue(sqlite);
            if (!string.IsNullOrWhiteSpace(path))
            {
                // Before the host starts: a mistyped path should not first wait for an embedded PostgreSQL to start.
                path = SqlAlchemyUrl.PathOrSetting(path, "--sqlite");
                SqliteFileCheck.EnsureReadable(path, namedWith: "--sqlite PATH");
            }

            var options = new VerifierOptions
            {
                SqlitePath = string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path),
                ReportPath = result.GetValue(report),
                Checks = selected,
                StateFolder = WorkerConfiguration.StateFolder(configuration),
            };
            if (!string.IsNullOrWhiteSpace(options.ReportPath))
            {
                // So is a --report folder this user cannot write, found only after the embedded PostgreSQL had started.
                // The default one, in the state folder, is checked once the run knows its source, so that a run refused
                // at once leaves no empty report folder behind (VerificationRunner).
                Reporting.VerificationReportWriter.EnsureWritable(options.ReportPath, options.StateFolder);
            }

            return await run(options, cancellationToken);
        });
        return command;
    }
}
