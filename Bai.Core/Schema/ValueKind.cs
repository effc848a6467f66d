namespace Bai.Core.Schema;

/// <summary>The PostgreSQL type family a legacy column lands in (target-schema.md, "Types").</summary>
public enum ValueKind
{
    /// <summary><c>id</c> and every <c>*_id</c> reference: bigint.</summary>
    BigInt,
    /// <summary>Any other INTEGER column (e.g. <c>position</c>): integer.</summary>
    Integer,
    /// <summary>VARCHAR(n): varchar(n); <see cref="ColumnSpec.MaxLength"/> holds n.</summary>
    Varchar,
    Text,
    /// <summary>NUMERIC(p, s): numeric(p, s).</summary>
    Numeric,
    Boolean,
    Date,
    /// <summary>DATETIME: timestamp without time zone.</summary>
    Timestamp,
}
