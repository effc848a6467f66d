namespace Bai.Core.Tests.Sqlite;

/// <summary>
/// A virtual table outside the model is named with what one --drop of it takes: SQLite marks its shadow tables as
/// shadow only when it has the module, so what the finding says about them depends on that.
/// </summary>
public sealed class VirtualTableDriftTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-vtab-").FullName;

    /// <summary>
    /// sqlite-vec's vec0 is not registered here: its shadow tables are ordinary tables, each its own finding, and the
    /// sentence "its shadow tables go with it" was untrue. The file is written as sqlite-vec leaves one (the virtual
    /// table's row in sqlite_schema has rootpage 0; its shadow tables are ordinary tables named vec_items_*), since a
    /// table of a module SQLite lacks cannot be created here. FTS5 is registered: one --drop takes its shadow tables.
    /// </summary>
    [Fact]
    public void A_virtual_table_of_a_module_sqlite_lacks_names_its_likely_shadow_tables_each_to_drop()
    {
        var path = DriftFile.Create(folder, """
            CREATE VIRTUAL TABLE notes_search USING fts5(notes);
            CREATE TABLE vec_items_chunks (chunk_id INTEGER PRIMARY KEY, size INTEGER);
            CREATE TABLE vec_items_rowids (rowid INTEGER PRIMARY KEY, id TEXT);
            PRAGMA writable_schema = ON;
            INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql)
            VALUES ('table', 'vec_items', 'vec_items', 0, 'CREATE VIRTUAL TABLE vec_items USING vec0(embedding float[4])');
            PRAGMA writable_schema = OFF;
            """);

        var findings = DriftFile.Inspect(path);

        Assert.Equal(
            [
                ("notes_search", "table 'notes_search' is a virtual table (a full-text or other index a module keeps, with its shadow tables) that is not part of the BAI model; what it holds would be lost (drop it explicitly with --drop notes_search; its shadow tables go with it)"),
                ("vec_items", "table 'vec_items' is a virtual table of module 'vec0', which SQLite here lacks, so its shadow tables are ordinary tables to it; it is not part of the BAI model and what it holds would be lost (drop it explicitly with --drop vec_items, and each table that looks like its shadow table with its own --drop: vec_items_chunks, vec_items_rowids)"),
                ("vec_items_chunks", "table 'vec_items_chunks' is not part of the BAI model; its rows would be lost (drop it explicitly with --drop vec_items_chunks)"),
                ("vec_items_rowids", "table 'vec_items_rowids' is not part of the BAI model; its rows would be lost (drop it explicitly with --drop vec_items_rowids)"),
            ],
            findings.Select(f => (f.Table, f.Detail)).Order());
    }

    /// <summary>
    /// The missing module is SQLite's word, not a guess from the CREATE VIRTUAL TABLE text: a name or a comment holding
    /// "USING fts5" was taken for the module, fts5 is registered, and the finding said one --drop takes the shadow tables.
    /// </summary>
    [Theory]
    [InlineData("vec USING fts5", "CREATE VIRTUAL TABLE \"vec USING fts5\" USING vec0(embedding float[4])")]
    [InlineData("vec_items", "CREATE VIRTUAL TABLE vec_items /* was: USING fts5(notes) */ USING vec0(embedding float[4])")]
    public void The_missing_module_is_the_one_sqlite_names(string name, string createSql)
    {
        var path = DriftFile.Create(folder, $"""
            PRAGMA writable_schema = ON;
            INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES ('table', '{name}', '{name}', 0, '{createSql}');
            PRAGMA writable_schema = OFF;
            """);

        var findings = DriftFile.Inspect(path);

        var finding = Assert.Single(findings);
        Assert.Equal(
            $"table '{name}' is a virtual table of module 'vec0', which SQLite here lacks, so its shadow tables are ordinary tables to it; it is not part of the BAI model and what it holds would be lost (drop it explicitly with --drop {(name.Contains(' ', StringComparison.Ordinal) ? $"'{name}'" : name)}; the file has no table named {name}_* that would be its shadow table)",
            finding.Detail);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
