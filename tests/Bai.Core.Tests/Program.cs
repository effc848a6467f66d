namespace Bai.Core.Tests;

using Bai.Core.Tests.Postgres;

/// <summary>
/// The test assembly doubles as a small program (GenerateProgramFile is off) so that a test can run the
/// embedded PostgreSQL in another process under another account: <c>dotnet Bai.Core.Tests.dll probe STATE</c>.
/// The test host never calls this.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) => args is ["probe", var state]
        ? await NonRootProbe.RunAsync(state)
        : 2;
}
