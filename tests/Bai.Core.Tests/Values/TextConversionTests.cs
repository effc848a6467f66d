using System.Text;
using Bai.Core.Schema;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

public sealed class TextConversionTests
{
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("", "")]
    [InlineData(" padded ", " padded ")]
    [InlineData("exactly10!", "exactly10!")]
    [InlineData("Łódź café", "Łódź café")]
    // Ten emoji are twenty UTF-16 units but ten characters, as PostgreSQL counts.
    [InlineData("👍👍👍👍👍👍👍👍👍👍", "👍👍👍👍👍👍👍👍👍👍")]
    // U+FFFD stored as valid UTF-8 (EF BF BD) is a character like any other.
    [InlineData("a\uFFFDb", "a\uFFFDb")]
    [InlineData(42L, "42")]
    [InlineData(0.1, "0.1")]
    [InlineData(3.0, "3")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1e-7, "1E-07")]
    public void Text_and_numbers_convert_to_varchar(object value, string expected) =>
        Expect.Accepted(Raw.Of(value), Columns.Name, ConvertedValue.FromString(expected, ValueKind.Varchar));

    [Fact]
    public void Integers_are_rendered_as_invariant_digits() =>
        Expect.Accepted(RawValue.FromInteger(long.MinValue), Columns.Notes, ConvertedValue.FromString("-9223372036854775808", ValueKind.Text));

    [Fact]
    public void Reals_are_rendered_in_their_shortest_round_trip_form() =>
        Expect.Accepted(RawValue.FromReal(0.1 + 0.2), Columns.Notes, ConvertedValue.FromString("0.30000000000000004", ValueKind.Text));

    [Fact]
    public void Text_columns_have_no_length_limit()
    {
        var text = new string('x', 1_000_000);

        Expect.Accepted(RawValue.FromText(text), Columns.Notes, ConvertedValue.FromString(text, ValueKind.Text));
    }

    [Fact]
    public void An_account_id_of_exactly_100_characters_fits() =>
        Expect.Accepted(RawValue.FromText(new string('a', 100)), Columns.AccountId, ConvertedValue.FromString(new string('a', 100), ValueKind.Varchar));

    [Fact]
    public void An_account_id_over_100_characters_is_rejected_not_truncated()
    {
        var text = new string('a', 104);

        Expect.Rejected(RawValue.FromText(text), Columns.AccountId, RejectReason.TooLong,
            $"text of 104 characters exceeds varchar(100): TEXT '{new string('a', 60)}…'");
    }

    /// <summary>A shortened value ends before an emoji it would cut in half (the half showed as U+FFFD).</summary>
    [Fact]
    public void A_shortened_value_never_cuts_a_character_in_half()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("👍", 110));

        Expect.Rejected(RawValue.FromText(text), Columns.AccountId, RejectReason.TooLong,
            $"text of 111 characters exceeds varchar(100): TEXT 'a{string.Concat(Enumerable.Repeat("👍", 29))}…'");
    }

    [Theory]
    [InlineData("EURO", "text of 4 characters exceeds varchar(3): TEXT 'EURO'")]
    [InlineData("€€€€", "text of 4 characters exceeds varchar(3): TEXT '€€€€'")]
    [InlineData("👍👍👍👍", "text of 4 characters exceeds varchar(3): TEXT '👍👍👍👍'")]
    // A combining accent is a code point of its own, as PostgreSQL counts.
    [InlineData("e\u0301e\u0301", "text of 4 characters exceeds varchar(3): TEXT 'e\u0301e\u0301'")]
    [InlineData(1234L, "text of 4 characters exceeds varchar(3): INTEGER 1234")]
    [InlineData(0.25, "text of 4 characters exceeds varchar(3): REAL 0.25")]
    public void Text_longer_than_varchar_n_characters_is_rejected(object value, string message) =>
        Expect.Rejected(Raw.Of(value), Columns.Currency, RejectReason.TooLong, message);

    [Fact]
    public void Emoji_within_the_limit_fit_though_they_take_two_utf16_units_each() =>
        Expect.Accepted(RawValue.FromText("👍👍👍"), Columns.Currency, ConvertedValue.FromString("👍👍👍", ValueKind.Varchar));

    [Theory]
    [InlineData("a\0b", "TEXT 'a\\u0000b' holds a NUL character (U+0000) at position 2, which PostgreSQL text cannot store")]
    [InlineData("\0", "TEXT '\\u0000' holds a NUL character (U+0000) at position 1, which PostgreSQL text cannot store")]
    public void Nul_characters_are_rejected(string text, string message)
    {
        Expect.Rejected(RawValue.FromText(text), Columns.Name, RejectReason.NulCharacter, message);
        Expect.Rejected(RawValue.FromText(text), Columns.Notes, RejectReason.NulCharacter, message);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 }, "TEXT x'61FF62' (not valid UTF-8) cannot be stored in text without replacing bytes; PostgreSQL text must be valid UTF-8")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "TEXT x'C0AF' (not valid UTF-8) cannot be stored in text without replacing bytes; PostgreSQL text must be valid UTF-8")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "TEXT x'EDA080' (not valid UTF-8) cannot be stored in text without replacing bytes; PostgreSQL text must be valid UTF-8")]
    [InlineData(new byte[] { 0xE2, 0x82 }, "TEXT x'E282' (not valid UTF-8) cannot be stored in text without replacing bytes; PostgreSQL text must be valid UTF-8")]
    [InlineData(new byte[] { 0xE9, 0x74, 0xE9 }, "TEXT x'E974E9' (not valid UTF-8) cannot be stored in text without replacing bytes; PostgreSQL text must be valid UTF-8")]
    public void Invalid_utf8_is_rejected_with_its_bytes(byte[] bytes, string message)
    {
        var raw = RawValue.FromTextBytes(bytes);

        Assert.True(raw.IsInvalidUtf8);
        Assert.Equal(bytes, raw.Bytes);
        Expect.Rejected(raw, Columns.Notes, RejectReason.InvalidUtf8, message);
    }

    [Fact]
    public void Valid_utf8_bytes_are_decoded() =>
        Assert.Equal(RawValue.FromText("Łódź 👍"), RawValue.FromTextBytes(Encoding.UTF8.GetBytes("Łódź 👍")));
}
