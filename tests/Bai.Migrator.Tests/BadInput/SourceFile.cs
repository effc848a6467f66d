namespace Bai.Migrator.Tests.BadInput;

using System.Security.Cryptography;
using Bai.SampleData;
using Microsoft.Data.Sqlite;

/// <summary>A generated legacy file in its own temp folder, with its manifest and the SHA-256 of its bytes when made.</summary>
public sealed class SourceFile : IDisposable
{
    private SourceFile(string folder, SampleSummary summary)
    {
        Folder = folder;
        Summary = summary;
        Sha256 = HashOf(summary.Path);
    }

    /// <summary>Small on purpose: 2 accounts × 30 invoices is a few hundred rows, enough for every kind of damage.</summary>
    public static SampleOptions Small(params DamageKind[] damage) => new()
    {
        Accounts = 2,
        InvoicesPerAccount = 30,
        CustomersPerAccount = 10,
        ItemsPerAccount = 15,
        Seed = 5,
        Damage = new HashSet<DamageKind>(damage),
    };

    public string Folder { get; }

    public string Path => Summary.Path;

    public SampleSummary Summary { get; }

    public IReadOnlyList<GeneratedDamage> Damage => Summary.Damage;

    public string Sha256 { get; private set; }

    /// <summary>A folder beside the file for the migrator's state (snapshots, reports).</summary>
    public string StateFolder => System.IO.Path.Combine(Folder, "state");

    public static async Task<SourceFile> GenerateAsync(SampleOptions options)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bai-badinput-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var summary = await SampleGenerator.GenerateAsync(System.IO.Path.Combine(folder, "legacy.db"), options, CancellationToken.None);
        SqliteConnection.ClearAllPools();
        return new SourceFile(folder, summary);
    }

    /// <summary>Changes the file before the test starts (damage the generator does not make); the hash follows.</summary>
    public void Edit(string sql) => Edit(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    });

    /// <summary>Changes the file through a connection of its own; the hash follows.</summary>
    public void Edit(Action<SqliteConnection> change)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            change(connection);
        }

        Changed();
    }

    /// <summary>The file was changed some other way (the generator's relaxed schema put back); the hash follows.</summary>
    public void Changed() => Sha256 = HashOf(Path);

    /// <summary>A read-only connection for the test's own checks (it never writes).</summary>
    public SqliteConnection OpenReadOnly()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public void AssertUnchanged() => Assert.Equal(Sha256, HashOf(Path));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        // The snapshot is made read-only by the migrator; a recursive delete on Linux does not mind.
        Directory.Delete(Folder, recursive: true);
    }

    private static string HashOf(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
