namespace Bai.Testing.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>A BAI table rebuilt as SQLAlchemy's <c>sqlite_autoincrement=True</c> declares it (<c>id INTEGER NOT NULL
/// PRIMARY KEY AUTOINCREMENT</c>), its rows unchanged; SQLite records the largest id in <c>sqlite_sequence</c>.</summary>
public static class Autoincrement
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

        var autoincrement = declaration
            .Replace("id INTEGER NOT NULL,", "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", StringComparison.Ordinal)
            .Replace("PRIMARY KEY (id),", "", StringComparison.Ordinal);
        if (!autoincrement.Contains("AUTOINCREMENT", StringComparison.Ordinal) || autoincrement.Contains("PRIMARY KEY (id)", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{table} is not declared as legacy-bai-sqlite.sql declares it: {declaration}");
        }

        using var rebuild = connection.CreateCommand();
        rebuild.CommandText = $"""
            ALTER TABLE "{table}" RENAME TO "{table}_before";
            {autoincrement};
            INSERT INTO "{table}" SELECT * FROM "{table}_before";
            DROP TABLE "{table}_before";
            """;
        rebuild.ExecuteNonQuery();
    }
}
