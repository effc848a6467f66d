namespace Bai.Core;

/// <summary>
/// The environment is not as the tool needs it (a file missing, a server unreachable, a privilege lacking).
/// The message is one sentence a person can act on; the workers print it alone and exit with code 3.
/// </summary>
public sealed class BaiEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
