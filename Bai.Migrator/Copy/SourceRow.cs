namespace Bai.Migrator.Copy;

using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;

/// <summary>
/// The current row of a table: raw values as SQLite stored them and their conversions. One instance per table,
/// reused for every row, so the copy's memory does not depend on the size of the file.
/// </summary>
internal sealed class SourceRow(TableSpec table)
{
    private readonly RawValue[] raw = new RawValue[table.Columns.Count];
    private readonly ConvertedValue[] converted = new ConvertedValue[table.Columns.Count];
    private readonly int idOrdinal = table.OrdinalOf(BaiSchema.IdColumn);
    private readonly int accountOrdinal = table.OrdinalOf(BaiSchema.AccountIdColumn);
    private readonly bool[] ok = new bool[table.Columns.Count];

    public TableSpec Table => table;

    public long RowId { get; private set; }

    /// <summary>The account's number in the run's <see cref="AccountDirectory"/>; -1 while unknown or invalid.</summary>
    public int AccountIndex { get; set; } = -1;

    public long Id => converted[idOrdinal].BigIntValue;

    /// <summary>The id to remember a rejected row by: the converted id when it is valid, else the rowid.</summary>
    public long IdForIndex => ok[idOrdinal] && !converted[idOrdinal].IsNull ? converted[idOrdinal].BigIntValue : RowId;

    /// <summary>Whether column <paramref name="ordinal"/> converted (its value may be a legitimate NULL).</summary>
    public bool IsConverted(int ordinal) => ok[ordinal];

    public ReadOnlySpan<RawValue> Raw => raw;

    public ConvertedValue Value(int ordinal) => converted[ordinal];

    public void SetConverted(int ordinal, in ConvertedValue value)
    {
        converted[ordinal] = value;
        ok[ordinal] = true;
    }

    public int AccountOrdinal => accountOrdinal;

    public void Load(SqliteDataReader reader)
    {
        RowId = reader.GetInt64(0);
        SqliteRowReader.ReadRow(reader, raw, firstOrdinal: 1);
        Reset();
    }

    /// <summary>The copy's way: the same row from a cursor of its own (<see cref="SqliteRowCursor"/>).</summary>
    public void Load(SqliteRowCursor cursor)
    {
        RowId = cursor.GetInt64(0);
        cursor.ReadRow(raw, firstOrdinal: 1);
        Reset();
    }

    public RejectedSourceRow Reject(IReadOnlyList<Problem> problems)
    {
        var account = accountOrdinal >= 0 ? raw[accountOrdinal].TextForm : null;
        return new RejectedSourceRow(table.Name, RowId, account, problems, RawValueJson.Serialize(table, raw));
    }

    private void Reset()
    {
        AccountIndex = -1;
        for (var i = 0; i < raw.Length; i++)
        {
            converted[i] = ConvertedValue.Null(table.Columns[i].Kind);
            ok[i] = false;
        }
    }
}
