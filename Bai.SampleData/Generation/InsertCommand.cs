using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Generation;

/// <summary>
/// A prepared <c>INSERT</c> for one table, with one parameter per legacy column in legacy order, reused
/// for every row: the fast path SQLite offers (parse once, bind and step per row).
/// </summary>
internal sealed class InsertCommand : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public InsertCommand(SqliteConnection connection, SqliteTransaction transaction, TableSpec table)
    {
        Table = table;
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        var placeholders = string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"));
        _command.CommandText = $"INSERT INTO {table.Name} ({columns}) VALUES ({placeholders})";
        _parameters = [.. table.Columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter($"$p{i}", null)))];
        _command.Prepare();
    }

    public TableSpec Table { get; }

    public long Rows { get; private set; }

    /// <summary>The id of the next row: ids are assigned in insertion order, globally across accounts, like SQLite rowids.</summary>
    public long NextId => Rows + 1;

    /// <summary>Inserts one row; <paramref name="values"/> are in legacy column order, null for SQL NULL.</summary>
    public void Insert(params ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"{Table.Name} takes {_parameters.Length} values, got {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
        Rows++;
    }

    public void Dispose() => _command.Dispose();
}
