using Bai.Core.Schema;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class NullAndBlobConversionTests
{
    public static TheoryData<ValueKind> Kinds => new(Enum.GetValues<ValueKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Null_converts_to_null_in_a_nullable_column(ValueKind kind) =>
        Expect.Accepted(RawValue.Null, Column(kind, nullable: true), ConvertedValue.Null(kind));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Null_in_a_not_null_column_is_rejected(ValueKind kind)
    {
        var column = Column(kind, nullable: false);

        Expect.Rejected(RawValue.Null, column, RejectReason.NullInNotNullColumn,
            $"NULL in NOT NULL column c ({ValueConverter.TypeName(column)})");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_blob_is_rejected_in_every_column(ValueKind kind)
    {
        var column = Column(kind, nullable: true);

        Expect.Rejected(RawValue.FromBlob([0x01, 0x02]), column, RejectReason.BlobNotAllowed,
            $"BLOB x'0102' is a BLOB; a {ValueConverter.TypeName(column)} column takes no binary values");
    }

    [Fact]
    public void A_blob_that_happens_to_be_utf8_text_is_still_rejected() =>
        Expect.Rejected(RawValue.FromBlob("abc"u8.ToArray()), Columns.Notes, RejectReason.BlobNotAllowed);

    [Fact]
    public void Long_blobs_are_shown_shortened_with_their_length() =>
        Assert.Equal($"BLOB x'{new string('A', 64)}…' (40 bytes)", RawValue.FromBlob(Enumerable.Repeat((byte)0xAA, 40).ToArray()).ToString());

    [Fact]
    public void Invalid_utf8_is_rejected_before_any_parsing() =>
        Expect.Rejected(RawValue.FromTextBytes([0x31, 0xFF]), Columns.BigInt, RejectReason.InvalidUtf8);

    private static ColumnSpec Column(ValueKind kind, bool nullable) => new("c", kind, nullable, MaxLength: 10, Precision: 12, Scale: 2);
}
