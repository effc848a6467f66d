namespace Bai.Testing.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>A BAI table rebuilt as <c>WITHOUT ROWID</c>, its declared columns and rows unchanged, as a tool that
/// "optimises" a SQLite file may leave it.</summary>
public static class WithoutRowId
{
    /// <summary>Rebuilds <paramref name="table"/>, which no other table may reference (the rename would repoint them).</summary>
    public static void Rebuild(SqliteConnection connection, string table)
    {
        string declaration;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = $table";
            read.Parameters.AddWithValue("$table", table);
            declaration = (string)read.ExecuteScalar()!;
        }

        using var rebuild = connection.CreateCommand();
        rebuild.CommandText = $"""
            ALTER TABLE "{table}" RENAME TO "{table}_with_rowid";
            {declaration} WITHOUT ROWID;
            INSERT INTO "{table}" SELECT * FROM "{table}_with_rowid";
            DROP TABLE "{table}_with_rowid";
            """;
        rebuild.ExecuteNonQuery();
    }
}
