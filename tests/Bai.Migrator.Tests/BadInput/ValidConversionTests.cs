namespace Bai.Migrator.Tests.BadInput;

using Bai.Core;
using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>data-rules.md, "Conversions that are faithful": odd but legal values load under the fail policy, converted to what they mean.</summary>
public sealed class ValidConversionTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    public static TheoryData<DamageKind> ValidKinds => [.. DamageKinds.ValidConversions];

    [Theory]
    [MemberData(nameof(ValidKinds))]
    public async Task Valid_odd_values_load_under_the_fail_policy_as_their_canonical_value(DamageKind kind)
    {
        using var source = await SourceFile.GenerateAsync(SourceFile.Small(kind));
        await using var database = await ScratchDatabase.CreateAsync(fixture.Server);

        var run = await MigrationRun.StartAsync(source, database);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        Assert.NotEmpty(source.Damage);
        Assert.Equal(0, run.Report.GetProperty("rejectedRows").GetInt64());
        // Each odd cell holds the manifest's canonical value; every other cell of every table is the source's own.
        var expected = source.Damage.ToDictionary(d => (d.Table, d.RowId!.Value, d.Column!), d => Canonical(d));
        await RejectedDamageTests.AssertLoadedExactlyAsync(source, database, new HashSet<(string, long)>(), expected);
        source.AssertUnchanged();
    }

    /// <summary>The manifest writes booleans as true/false; the comparison reads them back as t/f.</summary>
    private static string Canonical(GeneratedDamage damage) => damage.Expected switch
    {
        "true" => "t",
        "false" => "f",
        { } value => value,
        null => throw new ArgumentException($"{damage} has no expected value.", nameof(damage)),
    };
}
