namespace Bai.Core.Schema;

/// <summary>A column of the legacy file and of the target table (names are the same on both sides).</summary>
public sealed record ColumnSpec(
    string Name,
    ValueKind Kind,
    bool Nullable,
    int? MaxLength = null,
    int? Precision = null,
    int? Scale = null)
{
    /// <summary>The PostgreSQL type as target-schema.md writes it.</summary>
    public string PostgresType => Kind switch
    {
        ValueKind.BigInt => "bigint",
        ValueKind.Integer => "integer",
        ValueKind.Varchar => $"character varying({MaxLength})",
        ValueKind.Text => "text",
        ValueKind.Numeric => $"numeric({Precision},{Scale})",
        ValueKind.Boolean => "boolean",
        ValueKind.Date => "date",
        ValueKind.Timestamp => "timestamp without time zone",
        _ => throw new InvalidOperationException($"Unknown kind {Kind}."),
    };
}
