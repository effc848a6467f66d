using Bai.SampleData.Cli;

namespace Bai.SampleData.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task The_command_writes_the_file_its_options_describe()
    {
        var path = _temp.File("cli.db");

        var exit = await SampleCommand.Create().Parse(["--output", path, "--accounts", "2", "--invoices-per-account", "12", "--seed", "3", "--damage", "orphan-reference,TextBoolean"]).InvokeAsync();

        Assert.Equal(0, exit);
        // 2 accounts × 12 invoices, less the one orphan-reference deletes.
        Assert.Equal(24L - 1, SqliteFile.Scalar<long>(path, "SELECT count(*) FROM invoices"));
        Assert.Equal(2L, SqliteFile.Scalar<long>(path, "SELECT count(*) FROM users WHERE is_active IN ('no', 'YES')"));
    }

    [Fact]
    public async Task An_existing_file_needs_force()
    {
        var path = _temp.File("cli.db");
        await File.WriteAllTextAsync(path, "keep me", CancellationToken.None);

        var refused = await SampleCommand.Create().Parse(["--output", path, "--invoices-per-account", "3"]).InvokeAsync();
        var forced = await SampleCommand.Create().Parse(["--output", path, "--invoices-per-account", "3", "--force"]).InvokeAsync();

        Assert.Equal(1, refused);
        Assert.Equal(0, forced);
        Assert.Equal(9L, SqliteFile.Scalar<long>(path, "SELECT count(*) FROM invoices"));
    }

    [Theory]
    [InlineData("--damage", "no-such-kind")]
    [InlineData("--accounts", "0")]
    public async Task Bad_arguments_exit_with_1_and_write_nothing(string option, string value)
    {
        var path = _temp.File("cli.db");

        var exit = await SampleCommand.Create().Parse(["--output", path, option, value]).InvokeAsync();

        Assert.Equal(1, exit);
        Assert.False(File.Exists(path));
    }

    /// <summary>
    /// The help names each value as the README writes it, as the workers' help does (PATH, N): it showed
    /// "--output &lt;output&gt;", "--accounts &lt;accounts&gt;", "--invoices-per-account &lt;invoices-per-account&gt;".
    /// </summary>
    [Fact]
    public async Task The_help_names_the_values_as_the_readme_does()
    {
        using var output = new StringWriter();

        var exit = await SampleCommand.Create().Parse(["--help"]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(0, exit);
        var help = output.ToString();
        foreach (var usage in new[] { "--output <PATH>", "--accounts <N>", "--invoices-per-account <N>", "--seed <N>", "--damage <all|KIND,KIND>" })
        {
            Assert.Contains(usage, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Damage_kinds_parse_from_all_enum_names_and_kebab_case()
    {
        Assert.Equal(DamageKinds.All.Order(), DamageKinds.Parse("all").Order());
        Assert.Equal([DamageKind.NullInNotNull, DamageKind.InvalidUtf8], DamageKinds.Parse("invalid-utf8, NullInNotNull").Order());
        Assert.All(DamageKinds.All, k => Assert.Equal([k], DamageKinds.Parse(DamageKinds.ToKebabCase(k))));
        Assert.Equal(DamageKinds.All.Count, DamageKinds.RowLevel.Count + DamageKinds.ValidConversions.Count + DamageKinds.SchemaDrift.Count);
    }

    public void Dispose() => _temp.Dispose();
}
