using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Bai.SampleData.Cli;

/// <summary>
/// <c>dotnet run --project Bai.SampleData -- --output PATH [--preset sample|benchmark] [--accounts N]
/// [--invoices-per-account N] [--seed N] [--damage kind,kind|all] [--force]</c>.
/// Exit codes: 0 written, 1 bad arguments or the file exists, 2 the generation failed.
/// </summary>
internal static class SampleCommand
{
    public static RootCommand Create()
    {
        var output = new Option<FileInfo>("--output", "-o") { HelpName = "PATH", Description = "The SQLite file to create.", Required = true };
        var preset = new Option<string>("--preset")
        {
            Description = "Start from a preset: 'default' (3 accounts × 100 invoices), 'sample' (the committed samples/bai-sample.db) or 'benchmark' (100 × 10,000, about 6 million rows).",
            DefaultValueFactory = _ => "default",
        };
        preset.AcceptOnlyFromAmong("default", "sample", "benchmark");
        var accounts = new Option<int?>("--accounts") { HelpName = "N", Description = "Number of accounts (tenants)." };
        var invoices = new Option<int?>("--invoices-per-account") { HelpName = "N", Description = "Invoices per account." };
        var seed = new Option<int?>("--seed") { HelpName = "N", Description = "Seed of the random values; the same options give the same file." };
        var damage = new Option<string?>("--damage")
        {
            HelpName = "all|KIND,KIND",
            Description = $"Damage to add: 'all' or a comma-separated list of {string.Join(", ", DamageKinds.All.Select(DamageKinds.ToKebabCase))}.",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };

        var command = new RootCommand("Generates a legacy BAI SQLite file (schema of legacy-bai-sqlite.sql), clean or with damage.")
        {
            output, preset, accounts, invoices, seed, damage, force,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            SampleOptions options;
            try
            {
                options = result.GetValue(preset) switch
                {
                    "sample" => SampleOptions.CommittedSample,
                    "benchmark" => SampleOptions.Benchmark,
                    _ => new SampleOptions(),
                };
                options = options with
                {
                    Accounts = result.GetValue(accounts) ?? options.Accounts,
                    InvoicesPerAccount = result.GetValue(invoices) ?? options.InvoicesPerAccount,
                    Seed = result.GetValue(seed) ?? options.Seed,
                    Damage = result.GetValue(damage) is { } kinds ? DamageKinds.Parse(kinds) : options.Damage,
                };
                options.Validate();
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }

            var path = result.GetValue(output)!.FullName;
            if (File.Exists(path))
            {
                if (!result.GetValue(force))
                {
                    await Console.Error.WriteLineAsync($"{path} already exists; pass --force to overwrite it.");
                    return 1;
                }

                File.Delete(path);
            }

            return await GenerateAsync(path, options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> GenerateAsync(string path, SampleOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var summary = await SampleGenerator.GenerateAsync(path, options, cancellationToken);
            stopwatch.Stop();
            Console.WriteLine(SummaryText.Format(summary, stopwatch.Elapsed, new FileInfo(path).Length));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await Console.Error.WriteLineAsync($"Could not generate {path}: {e.Message}");
            return 2;
        }
    }
}
