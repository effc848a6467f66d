namespace Bai.Verifier;

/// <summary>The checks of issue 4, in the order they run. <see cref="VerifierChecks.Key"/> is the name on the command line.</summary>
internal enum VerifierCheck
{
    Counts,
    Content,
    References,
    Isolation,
    Sequences,
    Crud,
    Plans,
}
