namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Verifier;

/// <summary>
/// Step "verify" of a standalone run (unless --no-verify): Bai.Verifier's checks, all of them, against the snapshot
/// just migrated. The verifier reads both databases itself and shares none of the copy's code, so this is an
/// independent proof, not the copy checking its own work. Returns the verifier's exit code.
/// </summary>
internal sealed class MigrationVerification(MigratorOptions options, VerificationRunner runner)
{
    /// <param name="unfinished">What a verification that cannot finish leaves behind, for its exit-3 sentence.</param>
    public Task<int> RunAsync(string snapshotPath, string unfinished, CancellationToken cancellationToken) =>
        runner.RunAsync(
            new VerifierOptions
            {
                SqlitePath = snapshotPath,
                Unfinished = unfinished,
                SourceStructureChecked = true, // the pipeline's quick_check of this snapshot passed before the copy
                StateFolder = options.StateFolder,
                // --report FOLDER: both reports inside it, each under its own timestamped name; --report FILE.json:
                // the verification's beside it as FILE.verification.json; --report /dev/null (or a FIFO): both into it.
                ReportPath = options.ReportPath is null || ReportFile.IsFolder(options.ReportPath) || ReportFile.WrittenInPlace(Path.GetFullPath(options.ReportPath))
                    ? options.ReportPath
                    : Path.ChangeExtension(options.ReportPath, ".verification.json"),
            },
            cancellationToken);
}
