namespace Bai.Migrator.Pipeline;

/// <summary>Runs the verifier's checks after a standalone migration (step "verify"), unless --no-verify.</summary>
internal sealed class MigrationVerification
{
    public Task<int> RunAsync(string snapshotPath, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"Verification of {snapshotPath} is wired in once Bai.Verifier exists.");
}
