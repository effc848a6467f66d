namespace Bai.Core;

/// <summary>
/// The environment is not as the tool needs it (a file missing, a server unreachable, a privilege lacking).
/// The message is one sentence a person can act on; the workers print it alone and exit with code 3.
/// </summary>
public sealed class BaiEnvironmentException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// Whether the sentence already says what the failure left of the data, in the words the caller asked for (the
    /// verifier's <c>VerifierOptions.Unfinished</c>): a caller that adds what it knows (the migrator, whose copy had
    /// committed) adds it only when the sentence does not, so it is said once, and without searching the text.
    /// </summary>
    public bool SaysConsequence { get; init; }
}
