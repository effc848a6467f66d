namespace Bai.Verifier;

using System.Collections.Concurrent;
using Bai.Core.Data;
using Bai.Core.Postgres;
using Bai.Core.Sqlite;
using Bai.Core.Values;
using Bai.Verifier.Checks;
using Bai.Verifier.Reporting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>What every check works with: both databases, the run's quarantine, the sampled accounts, and where findings go.</summary>
internal sealed class VerificationContext(
    VerificationSource source,
    Quarantine quarantine,
    IReadOnlyList<string> sampledAccounts,
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    FindingCollector findings)
{
    private readonly ConcurrentQueue<CheckResult> results = new();

    public VerificationSource Source => source;

    public Quarantine Quarantine => quarantine;

    public IReadOnlyList<string> SampledAccounts => sampledAccounts;

    public FindingCollector Findings => findings;

    /// <summary>The summary lines, check by check in <see cref="VerifierChecks.All"/> order whatever order the checks ran in.</summary>
    public IReadOnlyList<CheckResult> Results => [.. results.OrderBy(r => VerifierChecks.OrderOf(r.Check))];

    /// <summary>
    /// Rows per table and account as the content check's scans counted them (set when it ran), so that the counts check
    /// need not read both databases a second time.
    /// </summary>
    public ScannedRowCounts? ScannedRowCounts { get; private set; }

    /// <summary>
    /// Per table and sampled account, the checksum of the ids of the source rows the run did not quarantine, from the
    /// content check's scan (set when it ran), so that the isolation check need not read whole SQLite tables per account.
    /// </summary>
    public IReadOnlyDictionary<string, Dictionary<string, TableChecksum>>? SampledSourceIds { get; private set; }

    /// <summary>
    /// Per table, the largest id in the target as the content check's scan read it (set when it ran; null for a table
    /// without rows), so that the sequences check need not scan each table for max(id) again.
    /// </summary>
    public IReadOnlyDictionary<string, long?>? ScannedMaxIds { get; private set; }

    /// <summary>What the content check's scans found out on the way, for the checks that run after it.</summary>
    public void PublishScans(
        ScannedRowCounts counts, IReadOnlyDictionary<string, Dictionary<string, TableChecksum>> sampledSourceIds, IReadOnlyDictionary<string, long?> maxIds) =>
        (ScannedRowCounts, SampledSourceIds, ScannedMaxIds) = (counts, sampledSourceIds, maxIds);

    /// <summary>A read-only connection to the source file (one per concurrent reader: SQLite connections are not shared across threads).</summary>
    public SqliteConnection OpenSource() => SqliteFile.OpenForRows(source.SqlitePath);

    /// <summary>A query's rows from the source on a connection of the caller's thread alone; open <see cref="OpenSource"/>
    /// first, which refuses a file that is not UTF-8.</summary>
    public SqliteRowCursor OpenSourceCursor(string sql) => SqliteRowCursor.Open(source.SqlitePath, sql);

    public Task<NpgsqlConnection> OpenTargetAsync(CancellationToken cancellationToken) => PostgresConnectionErrors.OpenAsync(dataSource, cancellationToken);

    /// <summary>
    /// A connection for the checks that read whole tables (the content check's COPY of every row, the counts per
    /// account) or the catalog (the schema check), without the statement timeouts a database sets for its application
    /// (<see cref="StatementLimits"/>), as pg_dump lifts them: a role's <c>statement_timeout</c> of seconds cancelled the
    /// COPY of a 4.5M-row table, and one of 100 ms the schema check's catalog query. The queries run in one read-only
    /// transaction that holds the settings and is rolled back when the connection is disposed, so the settings end with
    /// the check. Only the CRUD and plans checks keep the application's limits, on purpose: they show what its queries get.
    /// </summary>
    public Task<NpgsqlConnection> OpenWholeTableTargetAsync(CancellationToken cancellationToken) =>
        OpenReadOnlyTargetAsync(serialPlans: false, cancellationToken);

    /// <summary>
    /// A whole-table connection (<see cref="OpenWholeTableTargetAsync"/>) whose queries each run on one server process
    /// (<see cref="SerialPlans"/>), for the checks that scan and join whole tables side by side.
    /// </summary>
    public Task<NpgsqlConnection> OpenSerialTargetAsync(CancellationToken cancellationToken) =>
        OpenReadOnlyTargetAsync(serialPlans: true, cancellationToken);

    private async Task<NpgsqlConnection> OpenReadOnlyTargetAsync(bool serialPlans, CancellationToken cancellationToken)
    {
        var connection = await OpenTargetAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            if (serialPlans)
            {
                await SerialPlans.ApplyAsync(connection, transaction, cancellationToken);
            }

            await StatementLimits.LiftAsync(connection, transaction, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A scope holding the host's <see cref="BaiDbContext"/> (pooled, retrying: explicit transactions go through its
    /// execution strategy). Its queries run as the application's do, under the role's and database's limits: for the
    /// CRUD check and the design-time model; a check that only reads through the model puts a context on a connection
    /// of <see cref="OpenSerialTargetAsync"/> instead (<see cref="BaiDbContextOptions.Create(NpgsqlConnection)"/>).
    /// </summary>
    public (AsyncServiceScope Scope, BaiDbContext Db) CreateDbContext()
    {
        var scope = scopes.CreateAsyncScope();
        return (scope, scope.ServiceProvider.GetRequiredService<BaiDbContext>());
    }

    public void AddResult(CheckResult result) => results.Enqueue(result);

    public void AddFinding(VerifierCheck check, string table, string? account, long? id, string? column, string? sourceValue, string? targetValue, string message) =>
        findings.Add(new Finding(check.Key(), table, account, id, column, sourceValue, targetValue, message));

    /// <summary>A difference in a table's schema: the object (a column, constraint, index...), what the model defines and what the target holds.</summary>
    public void AddSchemaFinding(string table, string obj, string? column, string? expected, string? found, string message) =>
        findings.Add(new Finding(VerifierCheck.Schema.Key(), table, null, null, column, expected, found, message, obj));
}
