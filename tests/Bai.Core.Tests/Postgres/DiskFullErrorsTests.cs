namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;
using Bai.Testing.Disks;
using Bai.Testing.Postgres;
using Npgsql;

/// <summary>A write PostgreSQL cannot make on a full disk (a tablespace on a disk of a few kilobytes) is named, with the space the target needs.</summary>
public sealed class DiskFullErrorsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_full_disk_is_named_with_the_room_the_target_needs()
    {
        await using var tablespace = await SmallTablespace.CreateAsync(database.Server, kilobytes: 64);
        PostgresException error;
        await using (var connection = new NpgsqlConnection(database.ConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"CREATE TEMPORARY TABLE filler (x text) TABLESPACE {tablespace.Name}; INSERT INTO filler SELECT md5(g::text) FROM generate_series(1, 100000) g", connection);
            error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        }

        var sentence = PostgresConnectionErrors.DiskFull(error, "nothing of this run was committed", sourceBytes: 682_848_256);

        Assert.NotNull(sentence);
        Assert.StartsWith("PostgreSQL ran out of disk space (could not extend file ", sentence, StringComparison.Ordinal);
        Assert.Contains("No space left on device", sentence, StringComparison.Ordinal);
        Assert.EndsWith(
            "; nothing of this run was committed; make room on the server's disk, or create the database in a tablespace on a larger one: the migrated tables and indexes take about 2.3 times the SQLite file, so about 1.5 GB for this one, and their index builds need room for their sorts besides.",
            sentence, StringComparison.Ordinal);
        Assert.Null(PostgresConnectionErrors.DiskFull(new PostgresException("division by zero", "ERROR", "ERROR", "22012"), "x", 1));
    }
}
