namespace Bai.Core.Values;

/// <summary>
/// boolean: INTEGER 0/1; TEXT 0/1/true/false/t/f/yes/no in any case, nothing around it. Everything else is
/// rejected, REAL included: a BOOLEAN column has NUMERIC affinity, so SQLite already stored 1.0 as INTEGER 1,
/// and a REAL that survived (0.5) is no truth value.
/// </summary>
internal static class BooleanConversion
{
    public static ConversionResult Convert(in RawValue raw)
    {
        switch (raw.StorageClass)
        {
            case SqliteStorageClass.Integer when raw.IntegerValue is 0 or 1:
                return ConversionResult.Success(ConvertedValue.FromBoolean(raw.IntegerValue == 1));
            case SqliteStorageClass.Text when TryParse(raw.TextValue, out var value):
                return ConversionResult.Success(ConvertedValue.FromBoolean(value));
            default:
                return ConversionResult.Reject(RejectReason.NotABoolean,
                    $"{raw} is not a boolean (expected INTEGER 0 or 1, or TEXT 0/1/true/false/t/f/yes/no)");
        }
    }

    private static bool TryParse(ReadOnlySpan<char> text, out bool value)
    {
        value = true;
        if (Is(text, "1") || Is(text, "t") || Is(text, "true") || Is(text, "yes"))
        {
            return true;
        }

        value = false;
        return Is(text, "0") || Is(text, "f") || Is(text, "false") || Is(text, "no");
    }

    private static bool Is(ReadOnlySpan<char> text, string spelling) => text.Equals(spelling, StringComparison.OrdinalIgnoreCase);
}
