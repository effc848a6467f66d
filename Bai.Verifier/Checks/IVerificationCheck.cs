namespace Bai.Verifier.Checks;

/// <summary>One check of issue 4: it adds a summary line per scope and a finding per difference to the context.</summary>
internal interface IVerificationCheck
{
    public VerifierCheck Check { get; }

    /// <summary>The checks that must have finished, when they run, before this one starts: those that read what it changes.</summary>
    public IReadOnlyList<VerifierCheck> After => [];

    public Task RunAsync(VerificationContext context, CancellationToken cancellationToken);
}
