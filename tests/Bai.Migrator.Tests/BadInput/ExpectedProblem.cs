namespace Bai.Migrator.Tests.BadInput;

using Bai.Core.Schema;
using Bai.Core.Values;
using Bai.SampleData;
using Storage = Bai.Core.Values.SqliteStorageClass;

/// <summary>What the report and the quarantine must say about one cell of the generator's manifest (data-rules.md).</summary>
public static class ExpectedProblem
{
    /// <summary>The reason code, spelled out as the report writes it: the reference checks' own codes, else the code of the <see cref="RejectReason"/> the rules table implies.</summary>
    public static string Code(GeneratedDamage damage)
    {
        var kind = BaiSchema.Table(damage.Table).Column(damage.Column!).Kind;
        return damage.Kind switch
        {
            DamageKind.OrphanReference => "orphan",
            DamageKind.CrossAccountReference => "cross-account",
            DamageKind.DuplicateUserEmail => "duplicate-email",
            DamageKind.NullInNotNull => "null-in-not-null-column",
            DamageKind.OverlongVarchar => "too-long",
            DamageKind.LossyRealMoney => "numeric-precision-loss",
            DamageKind.ImpossibleDate => "invalid-calendar-date",
            DamageKind.NulCharacter => "nul-character",
            DamageKind.InvalidUtf8 => "invalid-utf8",
            DamageKind.BlobInTextColumn => "blob-not-allowed",
            // A datetime in a DATE column is date-shaped: it is refused for its time of day, not as unparseable.
            DamageKind.MixedDateFormats when kind == ValueKind.Date && damage.RawValue is string text && text.StartsWith("2024-", StringComparison.Ordinal) =>
                "date-has-time",
            DamageKind.TextInTypedColumn or DamageKind.MixedDateFormats => kind switch
            {
                ValueKind.Numeric => "not-a-number",
                ValueKind.Integer or ValueKind.BigInt => "not-an-integer",
                ValueKind.Boolean => "not-a-boolean",
                ValueKind.Date => "not-a-date",
                ValueKind.Timestamp => "not-a-timestamp",
                _ => throw new ArgumentException($"No typed column: {damage}", nameof(damage)),
            },
            _ => throw new ArgumentException($"{damage.Kind} is not rejected.", nameof(damage)),
        };
    }

    /// <summary>The manifest's raw value as SQLite stores it.</summary>
    public static RawValue Raw(GeneratedDamage damage) => (damage.StorageClass, damage.RawValue) switch
    {
        (Storage.Null, _) => RawValue.Null,
        (Storage.Integer, long value) => RawValue.FromInteger(value),
        (Storage.Real, double value) => RawValue.FromReal(value),
        (Storage.Text, string value) => RawValue.FromText(value),
        (Storage.Text, byte[] value) => RawValue.FromTextBytes(value),
        (Storage.Blob, byte[] value) => RawValue.FromBlob(value),
        _ => throw new ArgumentException($"Unexpected manifest value: {damage}", nameof(damage)),
    };
}
