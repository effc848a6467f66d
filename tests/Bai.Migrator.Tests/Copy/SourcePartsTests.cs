namespace Bai.Migrator.Tests.Copy;

using Bai.Core.Schema;
using Bai.Migrator.Copy;
using Microsoft.Data.Sqlite;

/// <summary>
/// Which ranges of ids a table is read in (<see cref="SourceParts"/>), on real SQLite files: the ranges hold every row
/// exactly once and in the order one reader sees, and a table is split only when its id is its rowid.
/// </summary>
public sealed class SourcePartsTests : IDisposable
{
    private static readonly TableSpec InvoiceItems = BaiSchema.AllTables.Single(t => t.Name == "invoice_items");
    private readonly string folder = Directory.CreateTempSubdirectory("bai-source-parts-").FullName;

    public static TheoryData<string, long[]> IdSets => new()
    {
        { "dense", [.. Enumerable.Range(1, 3000).Select(i => (long)i)] },
        { "gaps", [.. Enumerable.Range(0, 3000).Select(i => (long)i * i)] },
        { "negative and extremes", [long.MinValue, -1_000_000, -1, 0, 1, 5, 1_000_000, long.MaxValue - 1, long.MaxValue] },
    };

    [Theory]
    [MemberData(nameof(IdSets))]
    public void Parts_hold_every_row_once_in_the_order_of_one_reader(string shape, long[] ids)
    {
        using var source = Create("id INTEGER PRIMARY KEY", ids);

        var ranges = SourceParts.Plan(source, InvoiceItems, Context(readers: 3, rowsEach: 2), checksAcrossRows: false);

        Assert.True(ranges.Count == 3, $"{shape}: {ranges.Count} parts");
        var whole = RowIds(source, SourceQuery.For(InvoiceItems));
        var parts = ranges.SelectMany(range => RowIds(source, SourceQuery.For(InvoiceItems, range))).ToList();
        Assert.Equal(ids.Length, whole.Count);
        Assert.Equal(whole, parts);
    }

    [Theory]
    [InlineData("id BIGINT PRIMARY KEY")]
    [InlineData("id INTEGER PRIMARY KEY DESC")]
    [InlineData("id INTEGER")]
    [InlineData("id INTEGER PRIMARY KEY", " WITHOUT ROWID")]
    public void A_table_whose_id_is_not_its_rowid_is_read_whole(string idColumn, string options = "")
    {
        using var source = Create(idColumn, [.. Enumerable.Range(1, 3000).Select(i => (long)i)], options);

        var ranges = SourceParts.Plan(source, InvoiceItems, Context(readers: 3, rowsEach: 2), checksAcrossRows: false);

        Assert.Equal([new IdRange(null, null)], ranges);
    }

    [Fact]
    public void A_small_table_one_reader_or_rows_checked_together_are_read_whole()
    {
        using var source = Create("id INTEGER PRIMARY KEY", [.. Enumerable.Range(1, 3000).Select(i => (long)i)]);

        IdRange[] whole = [new(null, null)];
        Assert.Equal(whole, SourceParts.Plan(source, InvoiceItems, Context(readers: 3, rowsEach: 1501), checksAcrossRows: false));
        Assert.Equal(whole, SourceParts.Plan(source, InvoiceItems, Context(readers: 1, rowsEach: 1), checksAcrossRows: false));
        Assert.Equal(whole, SourceParts.Plan(source, InvoiceItems, Context(readers: 3, rowsEach: 1), checksAcrossRows: true));
        Assert.Equal(2, SourceParts.Plan(source, InvoiceItems, Context(readers: 3, rowsEach: 1400), checksAcrossRows: false).Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static CopyContext Context(int readers, long rowsEach) =>
        new(BadRowsPolicy.Fail, freeze: false, new CopyProgress(), new QuarantineStore(0, enabled: false), readers, rowsEach);

    private static List<long> RowIds(SqliteConnection source, string query)
    {
        using var command = source.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var rowIds = new List<long>();
        while (reader.Read())
        {
            rowIds.Add(reader.GetInt64(0));
        }

        return rowIds;
    }

    /// <summary><c>invoice_items</c> with its model's columns, the id declared as given and the other columns untyped.</summary>
    private SqliteConnection Create(string idColumn, long[] ids, string tableOptions = "")
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            var columns = InvoiceItems.Columns.Skip(1).Select(c => c.Name);
            create.CommandText = $"CREATE TABLE invoice_items ({idColumn}, {string.Join(", ", columns)}){tableOptions}";
            create.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO invoice_items (id, account_id) VALUES ($id, 'a')";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        foreach (var value in ids)
        {
            id.Value = value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return connection;
    }
}
