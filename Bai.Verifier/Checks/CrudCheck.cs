namespace Bai.Verifier.Checks;

using Bai.Core;
using Bai.Core.Postgres;
using Bai.Verifier.Checks.Crud;
using Bai.Verifier.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Check 6: the application's everyday work through the EF model, for two accounts, in a transaction that is always
/// rolled back (<see cref="CrudScenario"/>), and the role's privileges on every BAI table (<see cref="TablePrivileges"/>). The context retries transient failures, so the transaction runs as one
/// unit inside its execution strategy (Bai.ServiceDefaults' BaiNpgsqlExtensions): a retry replays all of it.
/// </summary>
internal sealed class CrudCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.Crud;

    /// <summary>
    /// Its inserts take ids from the identities, which its rollback does not give back: beside the sequences check, an
    /// identity about to hand out an id in use had handed it to this check's row before the sequences check read it.
    /// </summary>
    public IReadOnlyList<VerifierCheck> After => [VerifierCheck.Sequences];

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var sampled = context.SampledAccounts;
        // Real accounts where there are some (ids then come after theirs); made-up ones otherwise. Nothing is committed either way.
        var a = sampled.Count > 0 ? sampled[0] : "bai-verifier-crud-a";
        var b = sampled.Count > 1 ? sampled[1] : "bai-verifier-crud-b";
        var (scope, db) = context.CreateDbContext();
        await using var _ = scope;
        using var span = VerifierTelemetry.StartTable(Check, "customers, invoices, invoice_items, payments");

        List<Finding> denied;
        await using (var connection = await context.OpenTargetAsync(cancellationToken))
        {
            denied = await TablePrivileges.MissingAsync(connection, cancellationToken);
        }

        List<Finding> findings = [];
        var operations = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            findings = [];
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await PausePoints.ReachAsync(PausePoints.CrudBegun, ct);
            try
            {
                // EF builds each query and update of the scenario the first time it meets it, between the transaction's
                // statements (over a second on a busy machine): a database's idle_in_transaction_session_timeout took that
                // for the application idling and ended the session (25P03, "Unexpected error", exit 1). That limit is for
                // clients that leave a transaction open; the application's statements stay under its statement_timeout.
                // Lifted for this transaction only, unless the connection string sets it. Its command is the first one,
                // which carries the deferred BEGIN: a session the server ended before it fails here, and is replayed.
                await TransactionSettings.ZeroUnlessSetByUserAsync(
                    (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), ["idle_in_transaction_session_timeout"], ct);
                var scenario = new CrudScenario(db, transaction, findings, scope.ServiceProvider.GetService<ILoggerFactory>());
                try
                {
                    await scenario.RunAsync(a, b, ct);
                }
                catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } cancelled
                    && cancelled.MessageText.Contains("statement timeout", StringComparison.Ordinal))
                {
                    // The application's statement_timeout, which this check keeps on purpose: the run's one sentence
                    // naming the limit (PostgresConnectionErrors.Limit), as for the plans check, not a finding.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancelled);
                }
                catch (DbUpdateException e) when (e.InnerException is PostgresException { IsTransient: false } refused)
                {
                    // The target refuses what the application writes (an identity at the end of its range, a constraint
                    // the model breaks): a finding about the target, not a crash of the verifier. Transient errors
                    // still reach the execution strategy, which replays the whole unit.
                    findings.Add(new Finding(Check.Key(), refused.TableName ?? "customers", null, null, null, null, null,
                        $"the application's work through the model failed after {Counted.Of(scenario.Operations, "operation")}: {refused.MessageText} ({refused.SqlState})"));
                }
                catch (Exception e) when (Content.UnreadableTargetException.Is(e))
                {
                    // A column the model reads as another type (double precision where numeric was): the application's
                    // own reads would fail the same way.
                    findings.Add(new Finding(Check.Key(), "customers, invoices, invoice_items, payments", null, null, null, null, null,
                        $"the application's work through the model failed after {Counted.Of(scenario.Operations, "operation")}: {e.Message.Split('\n')[0]}"));
                }

                operations = scenario.Operations;
            }
            finally
            {
                // A connection the server ended (a restart; idle_session_timeout while EF prepared its first command, before
                // Npgsql sent the BEGIN it defers to it) took the transaction with it. Rolling back again threw
                // ObjectDisposedException, which hid the transient error the execution strategy retries on (exit 1).
                if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }

                db.ChangeTracker.Clear();
            }
        }, cancellationToken);

        findings.AddRange(denied);
        foreach (var finding in findings)
        {
            context.Findings.Add(finding);
        }

        context.AddResult(new CheckResult(Check.Key(), $"accounts {IsolationCheck.Abbreviate(a)} / {IsolationCheck.Abbreviate(b)}", findings.Count == 0,
            $"{Counted.Of(operations, "operation")}, rolled back", findings.Count == 0 ? null : Counted.Of(findings.Count, "problem")));
    }
}
