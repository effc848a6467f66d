namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Data;
using Bai.Core.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// Step 3 of the guide, "Run Alembic migrations": EF Core's migrations create the composite-key schema. Their SQL
/// runs inside the copy's transaction, so a failed or interrupted run leaves the application's schema exactly as it
/// was found; the migration history row commits with the data or not at all.
/// </summary>
internal sealed partial class SchemaPhase(ILogger<SchemaPhase> logger)
{
    public async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var db = BaiDbContextOptions.Create(connection);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        // EF's own existence probe lets an error happen and catches it, which would abort our transaction: ask first.
        List<string> applied = [];
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", connection, transaction))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                applied = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
            }
        }

        if (applied.Count == 0)
        {
            await RefuseTablesAnotherToolCreatedAsync(connection, transaction, cancellationToken);
        }

        var pending = db.Database.GetMigrations().Except(applied).ToList();
        if (pending.Count == 0)
        {
            Log.SchemaCurrent(logger, applied.LastOrDefault() ?? "none");
            return pending;
        }

        // The script EF would run, without its own transactions: ours holds the whole run.
        var script = db.GetService<IMigrator>().GenerateScript(
            fromMigration: applied.LastOrDefault(),
            toMigration: null,
            MigrationsSqlGenerationOptions.NoTransactions);
        // No timeout: on a loaded target (an upgrade) a migration may rebuild the indexes of millions of rows.
        await using (var command = new NpgsqlCommand(script, connection, transaction) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        Log.SchemaApplied(logger, string.Join(", ", pending));
        return pending;
    }

    /// <summary>
    /// BAI tables in a database where no EF migration ran were made by another tool: the guide's own Alembic migration
    /// run against PostgreSQL, or a pgloader rehearsal. Creating the schema over them fails on the first table, and
    /// taking them over would keep whatever keys and types that tool gave them, so the run stops and names them.
    /// </summary>
    private static async Task RefuseTablesAnotherToolCreatedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var tables = await TargetTables.ExistingAsync(connection, transaction, cancellationToken);
        if (tables.Count > 0)
        {
            throw new BaiEnvironmentException(
                $"The target database already has tables named as BAI's ({string.Join(", ", tables)}) that the migrator's schema migrations did not create (no \"__EFMigrationsHistory\" records them: another tool made them, such as the guide's Alembic migration or a pgloader rehearsal); nothing was changed. Point ConnectionStrings:bai-db at an empty database, or drop those tables first.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Schema is current (last migration {Migration})")]
        public static partial void SchemaCurrent(ILogger logger, string migration);

        [LoggerMessage(1102, LogLevel.Information, "Applied EF migrations: {Migrations}")]
        public static partial void SchemaApplied(ILogger logger, string migrations);
    }
}
