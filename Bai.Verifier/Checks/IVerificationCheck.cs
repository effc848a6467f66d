namespace Bai.Verifier.Checks;

/// <summary>One check of issue 4: it adds a summary line per scope and a finding per difference to the context.</summary>
internal interface IVerificationCheck
{
    public VerifierCheck Check { get; }

    public Task RunAsync(VerificationContext context, CancellationToken cancellationToken);
}
