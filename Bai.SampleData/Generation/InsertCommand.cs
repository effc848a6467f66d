using System.Text;
using Bai.Core.Schema;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bai.SampleData.Generation;

/// <summary>
/// A prepared <c>INSERT</c> for one table, one parameter per legacy column in legacy order, bound and stepped
/// once per row through SQLite's own API: no boxing, no per-value allocation (text is encoded into a reused
/// buffer). The ADO.NET layer costs about half of the generation's time at the benchmark size (issue 7).
/// </summary>
/// <example><c>insert.Begin().Add(id).Add(accountId).Null().AddTimestamp(created).End();</c></example>
internal sealed class InsertCommand : IDisposable
{
    private const int SqliteDone = 101;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly int _columns;
    private byte[] _buffer = new byte[1024];
    private int _next;
    private long _expectedRowId;

    public InsertCommand(SqliteConnection connection, TableSpec table)
    {
        Table = table;
        _connection = connection;
        _columns = table.Columns.Count;
        var sql = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) " +
                  $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"?{i + 1}"))})";
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement));
    }

    public TableSpec Table { get; }

    public long Rows { get; private set; }

    /// <summary>The id of the next row: ids are assigned in insertion order, globally across accounts, like SQLite rowids.</summary>
    public long NextId => Rows + 1;

    public InsertCommand Begin()
    {
        _next = 1;
        _expectedRowId = 0;
        return this;
    }

    /// <summary>
    /// Binds NULL for the <c>INTEGER PRIMARY KEY</c>, so SQLite appends with the next rowid instead of seeking
    /// an explicit one (a tenth of the insert time); <see cref="End"/> checks the rowid is <paramref name="expected"/>.
    /// </summary>
    public InsertCommand AddRowId(long expected)
    {
        _expectedRowId = expected;
        return Null();
    }

    public InsertCommand Add(long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, _next++, value));
        return this;
    }

    public InsertCommand Add(long? value) => value is { } v ? Add(v) : Null();

    public InsertCommand Add(double value)
    {
        Check(raw.sqlite3_bind_double(_statement, _next++, value));
        return this;
    }

    public InsertCommand Add(double? value) => value is { } v ? Add(v) : Null();

    public InsertCommand Add(string? value)
    {
        if (value is null)
        {
            return Null();
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _buffer.Length)
        {
            _buffer = new byte[length];
        }

        var written = Encoding.UTF8.GetBytes(value, _buffer);
        return Utf8(_buffer.AsSpan(0, written));
    }

    /// <summary>A DATETIME as SQLAlchemy writes it: <c>YYYY-MM-DD HH:MM:SS.ffffff</c>.</summary>
    public InsertCommand AddTimestamp(DateTime? value) =>
        value is { } v ? Utf8(SqlAlchemyValues.WriteTimestamp(v, _buffer)) : Null();

    /// <summary>A DATE as SQLAlchemy writes it: <c>YYYY-MM-DD</c>.</summary>
    public InsertCommand AddDate(DateTime? value) =>
        value is { } v ? Utf8(SqlAlchemyValues.WriteDate(v, _buffer)) : Null();

    public InsertCommand Null()
    {
        Check(raw.sqlite3_bind_null(_statement, _next++));
        return this;
    }

    /// <summary>Inserts the row bound since <see cref="Begin"/>, which must have bound every column.</summary>
    public void End()
    {
        if (_next != _columns + 1)
        {
            throw new InvalidOperationException($"{Table.Name} takes {_columns} values, got {_next - 1}.");
        }

        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != SqliteDone)
        {
            Check(rc);
        }

        if (_expectedRowId != 0 && raw.sqlite3_last_insert_rowid(_connection.Handle) != _expectedRowId)
        {
            throw new InvalidOperationException($"{Table.Name} got rowid {raw.sqlite3_last_insert_rowid(_connection.Handle)}, expected {_expectedRowId}.");
        }

        Rows++;
    }

    public void Dispose() => _statement.Dispose();

    private InsertCommand Utf8(ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_text(_statement, _next++, value));
        return this;
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
}
