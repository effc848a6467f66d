namespace Bai.Core;

/// <summary>
/// A fault of the machine or its configuration rather than of the data (missing PostgreSQL binaries, a server
/// that does not start, an unreachable folder). The workers map it to exit code 3 and print its one-sentence
/// <see cref="Exception.Message"/>; the message never holds a password or a full connection string.
/// </summary>
public sealed class BaiEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
