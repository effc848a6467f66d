namespace Bai.Core.Values;

/// <summary>Why one value cannot go into its column: a code for grouping and a sentence for people that names
/// what was found and what was expected, e.g. <c>TEXT 'N/A' is not a date (expected YYYY-MM-DD)</c>.</summary>
public sealed record Rejection(RejectReason Reason, string Message);
