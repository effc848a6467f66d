using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Tests;

/// <summary>Reads generated files back exactly: storage classes, text as raw bytes, tables row by row.</summary>
public static class SqliteFile
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static T Scalar<T>(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    public static bool HasTable(string path, string table) =>
        Scalar<long>(path, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") == 1;

    /// <summary>Every row of a BAI table by rowid (= id, except in alembic_version), its legacy columns in order; text is read as bytes so invalid UTF-8 and NUL survive.</summary>
    public static Dictionary<long, SqliteCell[]> ReadTable(string path, TableSpec table)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        var columns = table.Columns.Select(c => $"typeof({c.Name}), CASE typeof({c.Name}) WHEN 'text' THEN CAST({c.Name} AS BLOB) ELSE {c.Name} END");
        command.CommandText = $"SELECT rowid, {string.Join(", ", columns)} FROM {table.Name} ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<long, SqliteCell[]>();
        while (reader.Read())
        {
            var cells = new SqliteCell[table.Columns.Count];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = ReadCell(reader, 1 + (2 * i));
            }

            rows.Add(reader.GetInt64(0), cells);
        }

        return rows;
    }

    public static SqliteCell ReadCell(string path, string table, long id, string column) =>
        ReadTable(path, BaiSchema.Table(table))[id][BaiSchema.Table(table).Columns.ToList().FindIndex(c => c.Name == column)];

    private static SqliteCell ReadCell(SqliteDataReader reader, int typeOrdinal)
    {
        var storageClass = Enum.Parse<SqliteStorageClass>(reader.GetString(typeOrdinal), ignoreCase: true);
        var ordinal = typeOrdinal + 1;
        object? value = storageClass switch
        {
            SqliteStorageClass.Null => null,
            SqliteStorageClass.Integer => reader.GetInt64(ordinal),
            SqliteStorageClass.Real => reader.GetDouble(ordinal),
            _ => (byte[])reader.GetValue(ordinal),
        };
        return new SqliteCell(storageClass, value);
    }
}
