namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;

/// <summary>
/// The current source row, converted by the same rules the migrator uses (<see cref="ValueConverter"/>) into the
/// values PostgreSQL should hold. One instance per scan, reused for every row.
/// </summary>
internal sealed class SourceRow(TableSpec table)
{
    private readonly ConvertedValue[] values = new ConvertedValue[table.Columns.Count];
    private readonly RawValue[] raws = new RawValue[table.Columns.Count];
    private readonly int idOrdinal = table.OrdinalOf(BaiSchema.IdColumn);
    private readonly int accountOrdinal = table.OrdinalOf(BaiSchema.AccountIdColumn);

    public long RowId { get; private set; }

    public ReadOnlySpan<ConvertedValue> Values => values;

    /// <summary>The current row's values as SQLite stored them.</summary>
    public ReadOnlySpan<RawValue> Raw => raws;

    /// <summary>The row's account, or <see cref="AccountKey.None"/> in a table without accounts.</summary>
    public string Account => accountOrdinal < 0 ? AccountKey.None : values[accountOrdinal].StringValue;

    /// <summary>The row's id; the rowid in a table without one.</summary>
    public long Id => idOrdinal < 0 ? RowId : values[idOrdinal].BigIntValue;

    /// <summary>The column that did not convert, when <see cref="Load"/> returned false.</summary>
    public int FailedOrdinal { get; private set; } = -1;

    public RawValue FailedRaw { get; private set; }

    public string? FailedReason { get; private set; }

    /// <summary>
    /// The current row's account as the counts group it: <see cref="AccountKey.Of"/> of the <c>account_id</c>'s
    /// <see cref="RawValue.TextForm"/>, whether or not the row converts (a row rejected for another value still counts
    /// under its account, as the quarantine records it, and an INTEGER 42 under the account '42' it loads as). Set by
    /// <see cref="Load"/> whether or not the row converts.
    /// </summary>
    public string CountKey { get; private set; } = AccountKey.None;

    /// <summary>Reads and converts the current row (rowid first, then the columns); false when a value does not convert.</summary>
    public bool Load(SqliteDataReader reader)
    {
        RowId = reader.GetInt64(0);
        // The whole row in one native pass (the statement's handle held once, not per value).
        SqliteRowReader.ReadRow(reader, raws, firstOrdinal: 1);
        return ConvertRaws();
    }

    /// <summary>The same from the whole-table scan's cursor (<see cref="SqliteRowCursor"/>).</summary>
    public bool Load(SqliteRowCursor cursor)
    {
        RowId = cursor.GetInt64(0);
        cursor.ReadRow(raws, firstOrdinal: 1);
        return ConvertRaws();
    }

    private bool ConvertRaws()
    {
        CountKey = accountOrdinal < 0 ? AccountKey.None : CountKeyOf(raws[accountOrdinal]);
        for (var i = 0; i < values.Length; i++)
        {
            var result = ValueConverter.Convert(in raws[i], table.Columns[i]);
            if (!result.IsSuccess)
            {
                FailedOrdinal = i;
                FailedRaw = raws[i];
                FailedReason = result.Rejection!.Message;
                return false;
            }

            values[i] = result.Value;
        }

        FailedOrdinal = -1;
        return true;
    }

    private static string CountKeyOf(in RawValue account) => AccountKey.Of(account.TextForm);

    public RowHash Hash(RowHasher hasher)
    {
        hasher.Reset();
        for (var i = 0; i < values.Length; i++)
        {
            hasher.Append(values[i], table.Columns[i]);
        }

        return hasher.Complete();
    }
}
