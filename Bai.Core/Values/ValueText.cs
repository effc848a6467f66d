using System.Globalization;
using System.Text;

namespace Bai.Core.Values;

/// <summary>How values are shown inside rejection messages (never in the hot path of accepted values).</summary>
internal static class ValueText
{
    private const int MaxShownCharacters = 60;
    private const int MaxShownBytes = 32;

    /// <summary>The shortest text that reads back as the same double (.NET Core 3.0+ "R").</summary>
    public static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>'text'</c> in SQL quoting, control characters as <c>\u0000</c>, cut after 60 characters.</summary>
    public static string Quoted(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxShownCharacters) + 16);
        builder.Append('\'');
        var shown = Math.Min(value.Length, MaxShownCharacters);
        if (shown < value.Length && char.IsHighSurrogate(value[shown - 1]))
        {
            shown--; // not half of an emoji, which would show as U+FFFD
        }

        for (var i = 0; i < shown; i++)
        {
            var c = value[i];
            if (c == '\'')
            {
                builder.Append("''");
            }
            else if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append(value.Length > shown ? "…'" : "'");
        return builder.ToString();
    }

    /// <summary><c>x'0102FF'</c>, cut after 32 bytes, with the full length when cut.</summary>
    public static string Hex(byte[] bytes)
    {
        var shown = Math.Min(bytes.Length, MaxShownBytes);
        var hex = "x'" + Convert.ToHexString(bytes, 0, shown) + (bytes.Length > shown ? "…'" : "'");
        return bytes.Length > shown ? $"{hex} ({bytes.Length} bytes)" : hex;
    }
}
