namespace Bai.Verifier.Checks;

using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Bai.Verifier.Reporting;
using Npgsql;

/// <summary>
/// Check 5: every identity hands out an id past the largest id of its table (target-schema.md: "After loading,
/// every identity is moved past the largest migrated id"), so the application's first insert cannot collide.
/// Reads the sequence's state without consuming a value. A table the source declared AUTOINCREMENT never hands out an
/// id twice: its identity must also be past the largest id SQLite handed out (<see cref="AutoincrementSequences"/>).
/// Nor does a row the run quarantined lose its id to a new row: the identity is past the largest of those too.
/// </summary>
internal sealed class SequencesCheck : IVerificationCheck
{
    public VerifierCheck Check => VerifierCheck.Sequences;

    public async Task RunAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenWholeTableTargetAsync(cancellationToken);
        IReadOnlyDictionary<string, long> handedOut;
        using (var sqlite = SqliteFile.OpenForRows(context.Source.SqlitePath))
        {
            handedOut = AutoincrementSequences.Read(sqlite);
        }

        foreach (var table in BaiSchema.TenantTables)
        {
            using var span = VerifierTelemetry.StartTable(Check, table.Name);
            var sequence = await ScalarAsync<string?>(connection, $"SELECT pg_get_serial_sequence('{table.Name}', 'id')", cancellationToken);
            if (sequence is null)
            {
                context.AddFinding(Check, table.Name, null, null, "id", null, null, "id is not an identity column: the application cannot insert without choosing ids");
                context.AddResult(new CheckResult(Check.Key(), table.Name, false, "no identity"));
                continue;
            }

            // Past the largest bigint when the identity handed out its last id (a source may hold id 2^63 - 1). Its
            // step, maximum and cycling count as much as its position: an identity counting down, or capped just past
            // the largest id, passed as "past the largest id" while the application's inserts would collide or fail.
            Int128 next;
            long increment, maximum;
            bool cycles;
            await using (var state = new NpgsqlCommand(
                $"SELECT s.last_value, s.is_called, q.seqincrement, q.seqmax, q.seqcycle FROM {sequence} s, pg_sequence q WHERE q.seqrelid = '{sequence}'::regclass",
                connection))
            await using (var reader = await state.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                increment = reader.GetInt64(2);
                maximum = reader.GetInt64(3);
                cycles = reader.GetBoolean(4);
                next = reader.GetBoolean(1) ? (Int128)reader.GetInt64(0) + increment : reader.GetInt64(0);
            }

            // The primary key leads with account_id, so the largest id is a scan. The content check's scan read every
            // id already (1.3 s saved at 6M rows, issue 7); without it, max() runs the scan with parallel workers
            // (ORDER BY id DESC LIMIT 1 did not: 1.1 s for invoice_items). Which account holds it only matters for a finding.
            var maxId = context.ScannedMaxIds is { } scanned && scanned.TryGetValue(table.Name, out var max)
                ? max
                : await ScalarAsync<long?>(connection, $"SELECT max(id) FROM {table.Name}", cancellationToken, timeout: 0);
            var exhausted = next > maximum;
            var passed = !exhausted && (maxId is null || next > maxId);
            if (!passed)
            {
                var account = maxId is null ? null : await ScalarAsync<string?>(connection, $"SELECT account_id FROM {table.Name} WHERE id = {maxId} LIMIT 1", cancellationToken, timeout: 0);
                context.AddFinding(Check, table.Name, account, maxId, "id", maxId?.ToString(), exhausted ? null : next.ToString(), exhausted
                    ? $"the identity ({sequence}) has handed out its last id, {maximum}{(maximum == long.MaxValue ? " (the largest bigint)" : "")}: the application cannot insert another row"
                    : $"the identity ({sequence}) would hand out id {next}, but id {maxId} exists (account '{account}'): the application's inserts would collide");
            }

            if (passed && context.Quarantine.LargestId(table.Name) is { } quarantined && next <= quarantined.Id)
            {
                passed = false;
                context.AddFinding(Check, table.Name, quarantined.Account, quarantined.Id, "id", quarantined.Id.ToString(), next.ToString(),
                    $"the identity ({sequence}) would hand out id {next}, but the run quarantined a row of {table.Name} with id {quarantined.Id} (account '{quarantined.Account}'): fixed and inserted again with its id, it would collide with a new row");
            }

            if (passed && handedOut.TryGetValue(table.Name, out var seq) && next <= seq)
            {
                passed = false;
                context.AddFinding(Check, table.Name, null, null, "id", seq.ToString(), next.ToString(),
                    $"the identity ({sequence}) would hand out id {next}, but the source declares {table.Name} AUTOINCREMENT and SQLite had handed out ids up to {seq} (sqlite_sequence; the rows that had the largest were deleted since): a new row would be given the id of a deleted one, which SQLite never does");
            }

            foreach (var deviation in Deviations(next, increment, maximum, cycles))
            {
                passed = false;
                context.AddFinding(Check, table.Name, null, null, "id", null, null, $"the identity ({sequence}) {deviation}");
            }

            context.AddResult(new CheckResult(Check.Key(), table.Name, passed, $"next id {(exhausted ? "none" : next.ToString("N0"))}, largest id {(maxId is null ? "none" : maxId.Value.ToString("N0"))}"));
        }
    }

    /// <summary>How an identity differs from the model's (a step of 1, up to the largest bigint, never wrapping).</summary>
    private static IEnumerable<string> Deviations(Int128 next, long increment, long maximum, bool cycles)
    {
        if (increment < 1)
        {
            yield return $"counts down (INCREMENT BY {increment}): its next ids run into the ids that exist";
        }

        // A larger step collides with nothing, but runs out sooner: by a factor the size of the step, a few inserts
        // for a step near the largest bigint.
        if (increment > 1)
        {
            var left = next > maximum ? 0 : (maximum - next) / increment + 1;
            yield return $"steps by {increment} (INCREMENT BY {increment}), not 1: it has {left:N0} ids left before its maximum, where a step of 1 has {Int128.Max(maximum - next + 1, 0):N0}";
        }

        if (maximum < long.MaxValue)
        {
            yield return $"stops at MAXVALUE {maximum}, not the largest bigint: the application's inserts fail once it is reached";
        }

        if (cycles)
        {
            yield return "is CYCLE: past its maximum it starts again at ids that exist";
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, int? timeout = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (timeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? default! : (T)value!;
    }
}
