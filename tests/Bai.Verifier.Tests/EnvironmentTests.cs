namespace Bai.Verifier.Tests;

using Bai.Core;
using Bai.Testing.Postgres;

public sealed class EnvironmentTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Without_a_completed_run_or_a_file_it_says_what_to_do()
    {
        var harness = new VerifierHarness(database.ConnectionString);

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync());
        await harness.DeleteFilesAsync();

        Assert.Contains("--sqlite PATH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_was_never_migrated_is_an_environment_error_naming_the_tables()
    {
        var harness = new VerifierHarness(database.ConnectionString);
        await harness.GenerateAsync(VerifierHarness.SmallSample);

        var e = await Assert.ThrowsAsync<BaiEnvironmentException>(() => harness.VerifyAsync(harness.SqlitePath));
        await harness.DeleteFilesAsync();

        Assert.Contains("invoices", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_are_parsed_from_a_comma_separated_list_and_unknown_names_are_refused()
    {
        Assert.Equal(new HashSet<VerifierCheck> { VerifierCheck.Counts, VerifierCheck.Plans }, VerifierChecks.Parse(["counts,Plans"]));
        Assert.Equal(VerifierChecks.All.ToHashSet(), VerifierChecks.Parse([]));
        var e = Assert.Throws<BaiEnvironmentException>(() => VerifierChecks.Parse(["counts,speed"]));
        Assert.Contains("'speed'", e.Message, StringComparison.Ordinal);
    }
}
