namespace Bai.Migrator.Tests.Environment;

using Bai.Core;
using Bai.Testing.Processes;

/// <summary>
/// data-rules.md, "What the user gets": a fault of the environment is one clear sentence naming the thing, exit code 3,
/// and no stack trace; the source file is never touched. Each test of it runs the real executable. What the fault tests
/// of this folder share: that assertion, and the hash that shows a file untouched.
/// </summary>
internal static class EnvironmentFault
{
    public static void AssertEnvironmentFault(MigratorProcess run, string names, string says)
    {
        Assert.True(run.ExitCode == ExitCodes.Environment, run.ToString());
        Assert.DoesNotContain('\n', run.Sentence);
        Assert.Contains(names, run.Sentence, StringComparison.Ordinal);
        Assert.Contains(says, run.Sentence, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith(".", run.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected error", run.Errors, StringComparison.Ordinal);
    }

    /// <summary>The file's SHA-256: a source, or what lies beside it, compared before and after a run that refused it.</summary>
    public static string Hash(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
