namespace Bai.ServiceDefaults.Tests;

using System.CommandLine;
using Bai.Core;
using Microsoft.Extensions.Hosting;

/// <summary>A mistake on either worker's command line is a configuration fault: its words and exit 3, and the work never starts.</summary>
public sealed class BaiCommandLineTests
{
    [Theory]
    [InlineData("--bogus", "Unrecognized command or argument '--bogus'.")]
    [InlineData("--count abc", "Cannot parse argument 'abc' for option '--count'")]
    [InlineData("--count", "Required argument missing for option: '--count'.")]
    public async Task A_mistake_is_named_with_exit_3_and_nothing_runs(string args, string says)
    {
        var (command, ran) = Command();
        using var error = new StringWriter();

        var code = await BaiCommandLine.InvokeAsync(command, args.Split(' '), error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains(says, error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("Run with --help for the options." + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
        Assert.False(ran());
    }

    [Fact]
    public async Task A_correct_command_line_runs_the_work_and_returns_its_exit_code()
    {
        var (command, ran) = Command();
        using var error = new StringWriter();

        var code = await BaiCommandLine.InvokeAsync(command, ["--count", "2"], error);

        Assert.Equal(42, code);
        Assert.True(ran());
        Assert.Empty(error.ToString());
    }

    /// <summary>A setting the command reads before the host starts is named as the host names its own.</summary>
    [Fact]
    public async Task A_configuration_fault_before_the_host_is_named_with_exit_3()
    {
        var command = new RootCommand("test");
        command.SetAction((_, _) => throw new BaiEnvironmentException("ConnectionStrings:bai-sqlite is wrong."));
        using var error = new StringWriter();

        var code = await BaiCommandLine.InvokeAsync(command, [], error);

        Assert.Equal(ExitCodes.Environment, code);
        Assert.Equal("ConnectionStrings:bai-sqlite is wrong." + Environment.NewLine, error.ToString());
    }

    private static (RootCommand Command, Func<bool> Ran) Command()
    {
        var ran = false;
        var count = new Option<int>("--count");
        var command = new RootCommand("test") { count };
        command.SetAction((_, _) =>
        {
            ran = true;
            return Task.FromResult(42);
        });
        return (command, () => ran);
    }
}
