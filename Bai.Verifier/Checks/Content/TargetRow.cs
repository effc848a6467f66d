namespace Bai.Verifier.Checks.Content;

using System.Data.Common;
using Bai.Core.Schema;
using Bai.Core.Values;
using Npgsql;

/// <summary>The current target row, read into the same value type as the source's (<see cref="PostgresValueReader"/>).</summary>
internal sealed class TargetRow(TableSpec table)
{
    private readonly ConvertedValue[] values = new ConvertedValue[table.Columns.Count];
    private readonly int idOrdinal = table.OrdinalOf(BaiSchema.IdColumn);
    private readonly int accountOrdinal = table.OrdinalOf(BaiSchema.AccountIdColumn);

    public ReadOnlySpan<ConvertedValue> Values => values;

    public string Account => accountOrdinal < 0 ? AccountKey.None : values[accountOrdinal].StringValue;

    /// <summary>Whether the table has an id column (every one but <c>alembic_version</c>); <see cref="Id"/> needs one.</summary>
    public bool HasId => idOrdinal >= 0;

    public long Id => values[idOrdinal].BigIntValue;

    /// <summary>Reads the row the exporter has just started (<see cref="NpgsqlBinaryExporter.StartRow"/>).</summary>
    public void Load(NpgsqlBinaryExporter exporter)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = PostgresValueReader.Read(exporter, table.Columns[i]);
        }
    }

    public void Load(DbDataReader reader)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = PostgresValueReader.Read(reader, i, table.Columns[i]);
        }
    }

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
