using Bai.Core.Schema;

namespace Bai.Core.Values;

/// <summary>
/// varchar(n) and text: TEXT as it is (no trimming, no Unicode normalization); INTEGER as invariant digits;
/// REAL in its shortest round-trip form (.NET "R": 0.1, 3, 1E+20, -0, Infinity). Longer than n characters,
/// counted as PostgreSQL counts them (Unicode code points, so an emoji is one), or holding U+0000: rejected.
/// </summary>
internal static class TextConversion
{
    public static ConversionResult Convert(in RawValue raw, ColumnSpec column)
    {
        var text = raw.TextForm!;

        var nul = text.AsSpan().IndexOf('\0');
        if (nul >= 0)
        {
            return ConversionResult.Reject(RejectReason.NulCharacter,
                $"{raw} holds a NUL character (U+0000) at position {nul + 1}, which PostgreSQL text cannot store");
        }

        if (column.Kind == ValueKind.Varchar && column.MaxLength is { } maxLength && text.Length > maxLength)
        {
            var characters = CountCharacters(text);
            if (characters > maxLength)
            {
                return ConversionResult.Reject(RejectReason.TooLong,
                    $"text of {characters} characters exceeds varchar({maxLength}): {raw}");
            }
        }

        return ConversionResult.Success(ConvertedValue.FromString(text, column.Kind));
    }

    /// <summary>Unicode code points: a surrogate pair is one character, as PostgreSQL's char_length counts.</summary>
    internal static int CountCharacters(string text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }
}
