namespace Bai.Core;

/// <summary>
/// Ctrl+C or SIGTERM at a point where "interrupted" alone would mislead: the migrator's copy had already committed.
/// The workers still exit 130, and print <see cref="Exception.Message"/>, which says what became of the data.
/// </summary>
public sealed class BaiInterruptedException(string message, Exception inner) : OperationCanceledException(message, inner);
