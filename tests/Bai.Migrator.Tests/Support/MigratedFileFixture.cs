namespace Bai.Migrator.Tests.Support;

using Bai.SampleData;
using Bai.Testing.Postgres;

/// <summary>
/// A generated file (every valid-but-unusual storage form included) migrated once into a fresh database; the tests
/// of a class then examine the result.
/// </summary>
public sealed class MigratedFileFixture : IAsyncLifetime, IAsyncDisposable
{
    public static readonly SampleOptions Options = new()
    {
        Accounts = 4,
        InvoicesPerAccount = 150,
        Seed = 11,
        Damage = new HashSet<DamageKind>(DamageKinds.ValidConversions),
    };

    private readonly PostgresDatabaseFixture database = new();

    public MigratorHarness Harness { get; private set; } = null!;

    public string SqlitePath { get; private set; } = "";

    public SampleSummary Summary { get; private set; } = null!;

    public string SqliteSha256BeforeRun { get; private set; } = "";

    public MigratorRunResult FirstRun { get; private set; } = null!;

    public string ConnectionString => database.ConnectionString;

    public string AdminConnectionString => database.AdminConnectionString;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Harness = new MigratorHarness(database.ConnectionString);
        (SqlitePath, Summary) = await Harness.GenerateAsync(Options);
        SqliteSha256BeforeRun = MigratorHarness.Sha256(SqlitePath);
        FirstRun = await Harness.RunAsync(SqlitePath, "--no-verify");
    }

    // xunit v2 disposes fixtures through IAsyncLifetime only; this is for owners outside it (and the analyzers).
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        Harness.Dispose();
        await database.DisposeAsync();
    }
}
