namespace Bai.Core.Values;

/// <summary>The outcome of converting one value: the converted value, or why it cannot be stored. No allocation on success.</summary>
public readonly struct ConversionResult
{
    private readonly ConvertedValue _value;

    private ConversionResult(ConvertedValue value, Rejection? rejection)
    {
        _value = value;
        Rejection = rejection;
    }

    public bool IsSuccess => Rejection is null;

    /// <summary>The converted value; throws when the value was rejected.</summary>
    public ConvertedValue Value => Rejection is null
        ? _value
        : throw new InvalidOperationException($"The value was rejected: {Rejection.Message}");

    public Rejection? Rejection { get; }

    public static ConversionResult Success(in ConvertedValue value) => new(value, null);

    public static ConversionResult Reject(RejectReason reason, string message) => new(default, new Rejection(reason, message));

    public override string ToString() => Rejection is null ? _value.ToString() : $"{Rejection.Reason}: {Rejection.Message}";
}
