namespace Bai.Verifier;

/// <summary>The checks of issue 4 and the schema check, in the order the report lists them. <see cref="VerifierChecks.Key"/> is the name on the command line.</summary>
internal enum VerifierCheck
{
    /// <summary>First in the report: a table whose shape differs from the model's makes every other comparison suspect.</summary>
    Schema,
    Counts,
    Content,
    References,
    Isolation,
    Sequences,
    Crud,
    Plans,
}
