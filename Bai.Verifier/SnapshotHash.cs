namespace Bai.Verifier;

using Bai.Core;

/// <summary>
/// The snapshot a run recorded is compared only if it is still what that run read: its SHA-256 against the one the
/// ledger holds. A snapshot changed since (its mode relaxed, a row edited) compared as exact with a target changed
/// the same way, and the report named the recorded hash as the one compared.
/// </summary>
internal static class SnapshotHash
{
    public static async Task EnsureUnchangedAsync(string path, long runId, string recordedSha256, CancellationToken cancellationToken)
    {
        // Through the page cache: the content scan has just read the file.
        var sha256 = await FileSha256.ComputeAsync(path, cancellationToken);
        if (!string.Equals(sha256, recordedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BaiEnvironmentException(
                $"The snapshot '{path}' has changed since migration run {runId} recorded it (sha256 {recordedSha256}, now {sha256}), so no comparison with it can vouch for the target; restore the snapshot from a copy, or give the SQLite file to compare with --sqlite PATH.");
        }
    }
}
