namespace Bai.Migrator.Pipeline;

using Bai.Core;
using Bai.Core.Schema;
using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

/// <summary>
/// What --drop asks that it cannot do: a table or column of the model is migrated whole (refused, exit 3: it used to
/// be ignored in silence and migrated all the same); a name the file does not have is a warning, as the same flags
/// may serve several files, or hold a typo.
/// </summary>
internal static partial class DroppedNames
{
    public static void Check(SqliteConnection source, IReadOnlySet<string> dropped, ILogger logger)
    {
        LegacySchemaInspector.CheckDropped(source, dropped, out var modelNames, out var absent);
        Refuse(modelNames);

        foreach (var name in absent)
        {
            Log.DroppedNameAbsent(logger, name);
        }
    }

    /// <summary>
    /// The model's tables named without a dot (<c>--drop invoices</c>), before anything starts: telling a file's table
    /// from a column takes the file (a table may be named with a dot), which <see cref="Check"/> reads later.
    /// </summary>
    public static void RefuseModelTables(IReadOnlySet<string> dropped) =>
        Refuse([.. dropped.Where(n => !n.Contains('.', StringComparison.Ordinal) && BaiSchema.AllTables.Any(t => SqliteNames.Comparer.Equals(t.Name, n))).Order(StringComparer.Ordinal)]);

    private static void Refuse(IReadOnlyList<string> modelNames)
    {
        if (modelNames.Count > 0)
        {
            throw new BaiEnvironmentException(
                $"--drop names {string.Join(", ", modelNames.Select(n => $"'{n}'"))}, part of the BAI model, which is migrated whole; --drop takes only the tables and columns of the file that the model does not have (the schema drift the migrator reports without it).");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1208, LogLevel.Warning, "--drop {Name} matches no table or column of the file; nothing is left behind for it")]
        public static partial void DroppedNameAbsent(ILogger logger, string name);
    }
}
