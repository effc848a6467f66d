namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Ledger;
using Bai.Migrator.Reporting;
using Npgsql;

/// <summary>
/// The end of a run that loaded (its copy, or the finish of a load an earlier run committed): what the ledger records,
/// in which order, around the verification.
/// </summary>
internal sealed partial class MigrationPipeline
{
    /// <summary>The ledger's message for a copied run until its verification ends (what stays after a kill during it).</summary>
    private const string NotYetVerified = "the verification has not finished";

    private const string CommittedUnverified =
        "the copy had committed, so the target holds this snapshot's rows, but their verification did not finish (run the migrator again to verify them: nothing is copied twice)";

    private const string NothingCopiedUnverified =
        "the target holds this snapshot's rows from an earlier run, but their verification did not finish (run the migrator again to verify them)";

    /// <summary>Whether the ledger has recorded this run's outcome (copied, completed or failed) before an error stopped it.</summary>
    private bool recorded;

    /// <summary>
    /// The ledger records the run's outcome first, copied while a verification is to come; then the verification runs,
    /// and the ledger says completed. A run killed between stays copied, which the next run verifies without copying.
    /// </summary>
    private async Task<int> RecordThenVerifyAsync(RunLedger ledger, long runId, int code, string? countsJson, Snapshot snapshot, MigrationReportBuilder report, CancellationToken cancellationToken)
    {
        var outcome = report.Outcome ?? "completed";
        var verifying = code == ExitCodes.Success && !options.NoVerify;
        await ledger.FinishAsync(runId, Status(code, verifying), countsJson, verifying ? $"{outcome}; {NotYetVerified}" : outcome, CancellationToken.None);
        recorded = true;
        if (!verifying)
        {
            return code;
        }

        await ledger.SetPhaseAsync(runId, "verify", cancellationToken);
        await PausePoints.ReachAsync(PausePoints.Verify, cancellationToken);
        code = await VerifyAsync(snapshot, report, outcome, CommittedUnverified, cancellationToken);
        await ledger.CompleteVerifiedAsync(runId, outcome, code, CancellationToken.None);
        return code;
    }

    /// <summary>
    /// What the ledger keeps of a run an error stopped, even when cancelled: one it had recorded stays as it was (a copied
    /// one says why its verification stopped); one it had not gets interrupted or failed, and why.
    /// </summary>
    private async Task RecordStopAsync(RunLedger ledger, long runId, MigrationReportBuilder report, Exception e)
    {
        if (recorded)
        {
            await RecordVerificationStoppedAsync(ledger, runId, report.Outcome ?? "completed", e);
            return;
        }

        var status = e is OperationCanceledException ? RunRecord.Interrupted : RunRecord.Failed;
        await ledger.FinishAsync(runId, status, null, committed && e is OperationCanceledException ? InterruptedAfterCommit : e.Message, CancellationToken.None);
    }

    /// <summary>The ledger's status once the copy and its count check are done: copied while a verification is to come (see <see cref="RunRecord.Copied"/>).</summary>
    private static string Status(int code, bool verifying) => code != ExitCodes.Success ? RunRecord.Failed : verifying ? RunRecord.Copied : RunRecord.Completed;

    /// <summary>
    /// A copied run whose verification stopped stays copied, and its message says why. Best effort: when the
    /// verification stopped because the server went away, the ledger's connection went too, and the message it
    /// already has ("the verification has not finished") is still true; the error that stopped it is what surfaces.
    /// </summary>
    private static async Task RecordVerificationStoppedAsync(RunLedger ledger, long runId, string outcome, Exception e)
    {
        try
        {
            await ledger.VerificationStoppedAsync(runId, $"{outcome}; the verification did not finish: {(e is OperationCanceledException ? "interrupted" : e.Message)}", CancellationToken.None);
        }
        catch (Exception ledgerError) when (ledgerError is NpgsqlException or InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// The step "verify". A verification the environment stops (a connection limit, a statement_timeout, a full disk)
    /// ends the run with exit 3 and its sentence, which says what the target holds: after a committed copy, "the target
    /// is as it was" would be false. The migration report is written all the same: the run loaded, and it records what.
    /// </summary>
    private async Task<int> VerifyAsync(Snapshot snapshot, MigrationReportBuilder report, string outcome, string unfinished, CancellationToken cancellationToken)
    {
        try
        {
            return await verification.RunAsync(snapshot.Path, unfinished, cancellationToken);
        }
        catch (BaiEnvironmentException e)
        {
            await reportWriter.WriteAsync(report.Build($"{outcome}; the verification did not finish", ExitCodes.Environment), CancellationToken.None);
            // Sentences about the verification itself say what it left (VerifierOptions.Unfinished, and the verifier
            // flags them); one about the connection it could not open does not, and must not leave a committed copy unsaid.
            if (e.SaysConsequence)
            {
                throw;
            }

            throw new BaiEnvironmentException($"{e.Message.TrimEnd('.')}; {unfinished}.", e);
        }
    }
}
