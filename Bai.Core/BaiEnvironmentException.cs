namespace Bai.Core;

/// <summary>
/// The environment the process was started in is unusable: a missing or malformed connection string, a source
/// file that does not exist. The workers turn it into their documented exit code instead of a stack trace.
/// </summary>
public sealed class BaiEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
