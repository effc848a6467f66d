namespace Bai.Verifier.Checks.Content;

using Npgsql;

/// <summary>
/// A target table whose values the scan cannot read as the model's types: a column of another type (double precision
/// where numeric(12,2) was), renamed, or holding what no source value converts to and .NET cannot hold (numeric NaN,
/// a date before year 1 or after 9999). It ended the verifier with exit 1 and no report; the content check now says
/// which table, and the checks after it read the target on their own. A BAI table made partitioned (COPY refuses to
/// read one) is named the same way.
/// </summary>
internal sealed class UnreadableTargetException(string table, Exception inner)
    : Exception($"the target's {table} cannot be read as the model defines its columns ({inner.Message.Split('\n')[0].TrimEnd('.')})", inner)
{
    public string Table { get; } = table;

    public static bool Is(Exception e) =>
        e is InvalidCastException or ArgumentOutOfRangeException or OverflowException or FormatException
        || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.DatatypeMismatch or PostgresErrorCodes.WrongObjectType };
}
