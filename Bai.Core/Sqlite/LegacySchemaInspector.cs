namespace Bai.Core.Sqlite;

using System.Text.RegularExpressions;
using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;

/// <summary>
/// Compares a legacy file's tables and columns with <see cref="BaiSchema"/>. An unknown column is data that would
/// be lost, so it is drift unless the user drops it explicitly (<c>--drop table.column</c>). Names match as SQLite
/// matches them (<see cref="SqliteNames"/>), in the file and in what the user drops.
/// </summary>
public static partial class LegacySchemaInspector
{
    public static IReadOnlyList<DriftFinding> Inspect(SqliteConnection connection, IReadOnlySet<string> dropped, string expectedAlembicVersion)
    {
        var findings = new List<DriftFinding>();
        var fileTables = ReadTableNames(connection);
        var virtualTables = ReadNames(connection, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual'");
        var droppedNames = new HashSet<string>(dropped, SqliteNames.Comparer);

        foreach (var table in fileTables.Where(t => !BaiSchema.AllTables.Any(s => SqliteNames.Comparer.Equals(s.Name, t)) && !droppedNames.Contains(t)))
        {
            findings.Add(new(DriftFinding.UnknownTable, table, null, virtualTables.Contains(table)
                ? VirtualTableDetail(connection, table, fileTables.Except(virtualTables, SqliteNames.Comparer))
                : $"table '{table}' is not part of the BAI model; its rows would be lost (drop it explicitly with {Drop(table)})"));
        }

        foreach (var spec in BaiSchema.AllTables)
        {
            if (!fileTables.Contains(spec.Name))
            {
                findings.Add(MissingTable(spec));
                continue;
            }

            var fileColumns = ReadColumns(connection, spec.Name);
            foreach (var column in fileColumns.Keys.Where(c => !spec.Columns.Any(s => SqliteNames.Comparer.Equals(s.Name, c)) && !droppedNames.Contains($"{spec.Name}.{c}")))
            {
                findings.Add(new(DriftFinding.UnknownColumn, spec.Name, column, fileColumns[column]
                    ? $"column '{spec.Name}.{column}' is a generated column the BAI model does not have; the application's reads of it would fail on PostgreSQL (drop it explicitly with {Drop($"{spec.Name}.{column}")}: its values are computed from columns that are migrated)"
                    : $"column '{spec.Name}.{column}' is not part of the BAI model; its values would be lost (drop it explicitly with {Drop($"{spec.Name}.{column}")})"));
            }

            findings.AddRange(MissingColumns(spec, fileColumns));
        }

        findings.AddRange(RowIdProblems(connection));
        if (fileTables.Contains(BaiSchema.AlembicVersion.Name))
        {
            var versions = ReadAlembicVersions(connection);
            if (versions.Count != 1 || versions[0].TextValue != expectedAlembicVersion)
            {
                var found = versions.Count == 0 ? "no revision" : string.Join(", ", versions.Select(Shown));
                findings.Add(new(DriftFinding.UnexpectedAlembicVersion, BaiSchema.AlembicVersion.Name, "version_num",
                    $"alembic_version holds {found}; the model was built for '{expectedAlembicVersion}' (upgrade the Python backend's database to that revision first, or set Bai:ExpectedAlembicVersion)"));
            }
        }

        return findings;
    }

    /// <summary>
    /// The model's tables and columns the file does not have: a file that lacks one is not a source of the model's
    /// tables (another application's file of a similar name, or a BAI file of another revision), and nothing can be
    /// read from it or compared with it.
    /// </summary>
    public static IReadOnlyList<DriftFinding> MissingFromFile(SqliteConnection connection)
    {
        var fileTables = ReadTableNames(connection);
        return [.. BaiSchema.AllTables.SelectMany(spec => fileTables.Contains(spec.Name)
            ? MissingColumns(spec, ReadColumns(connection, spec.Name))
            : [MissingTable(spec)])];
    }

    private static DriftFinding MissingTable(TableSpec spec) =>
        new(DriftFinding.MissingTable, spec.Name, null, $"table '{spec.Name}' is missing from the file");

    private static IEnumerable<DriftFinding> MissingColumns(TableSpec spec, Dictionary<string, bool> fileColumns) =>
        spec.Columns.Where(s => !fileColumns.ContainsKey(s.Name))
            .Select(column => new DriftFinding(DriftFinding.MissingColumn, spec.Name, column.Name, $"column '{spec.Name}.{column.Name}' is missing from the file"));

    /// <summary>
    /// What <c>--drop</c> names that it cannot leave behind: a table or column of the BAI model, which is migrated
    /// whatever --drop says (<paramref name="modelNames"/>, refused by the caller), and names the file does not have
    /// (<paramref name="absent"/>, a warning: the same flags may serve several files, or hold a typo).
    /// </summary>
    public static void CheckDropped(SqliteConnection connection, IReadOnlySet<string> dropped, out IReadOnlyList<string> modelNames, out IReadOnlyList<string> absent)
    {
        var fileTables = ReadTableNames(connection);
        var model = new List<string>();
        var missing = new List<string>();
        foreach (var name in dropped.Order(StringComparer.Ordinal))
        {
            // A whole name the file has as a table is a table, even with a dot in it; otherwise TABLE.COLUMN.
            var dot = fileTables.Contains(name) ? -1 : name.IndexOf('.', StringComparison.Ordinal);
            var table = dot < 0 ? name : name[..dot];
            var spec = BaiSchema.AllTables.FirstOrDefault(t => SqliteNames.Comparer.Equals(t.Name, table));
            if (dot < 0)
            {
                if (spec is not null)
                {
                    model.Add(name);
                }
                else if (!fileTables.Contains(name))
                {
                    missing.Add(name);
                }

                continue;
            }

            var column = name[(dot + 1)..];
            if (spec is not null && spec.Columns.Any(c => SqliteNames.Comparer.Equals(c.Name, column)))
            {
                model.Add(name);
            }
            else if (!fileTables.Contains(table) || !ReadColumns(connection, table).ContainsKey(column))
            {
                missing.Add(name);
            }
        }

        (modelNames, absent) = (model, missing);
    }

    /// <summary>
    /// The BAI tables whose rowid the tools cannot reach, by which they name every source row (a rejected row, a
    /// finding): a table declared <c>WITHOUT ROWID</c> has none, and in a table with a column named <c>rowid</c> that
    /// name is the column's (SQLite gives a declared column the name), even when <c>--drop</c> leaves the column behind.
    /// </summary>
    public static IReadOnlyList<DriftFinding> RowIdProblems(SqliteConnection connection)
    {
        var findings = new List<DriftFinding>();
        var withoutRowId = WithoutRowIdTables(connection);
        foreach (var table in BaiSchema.AllTables.Select(t => t.Name))
        {
            if (withoutRowId.Contains(table))
            {
                findings.Add(new(DriftFinding.WithoutRowId, table, null, WithoutRowIdDetail(table)));
            }
            else if (ReadColumns(connection, table).Keys.FirstOrDefault(c => SqliteNames.Comparer.Equals(c, "rowid")) is { } column)
            {
                findings.Add(new(DriftFinding.RowIdShadowed, table, column,
                    $"column '{table}.{column}' hides SQLite's own rowid, by which the tools name every source row, even when it is dropped with --drop; in a copy of the file, rename it (ALTER TABLE {table} RENAME COLUMN \"{column}\" TO legacy_rowid) and drop {table}.legacy_rowid instead"));
            }
        }

        return findings;
    }

    /// <summary>
    /// A virtual table outside the model. SQLite marks a module's shadow tables as shadow (and <see cref="ReadTableNames"/>
    /// leaves them out, so one --drop takes them) only when the module is registered here: a module the tools lack, as
    /// sqlite-vec's <c>vec0</c>, leaves its shadow tables ordinary tables, each its own finding and its own --drop. The
    /// tables named <c>&lt;name&gt;_*</c> are named as the likely ones, never dropped on a guess.
    /// </summary>
    private static string VirtualTableDetail(SqliteConnection connection, string table, IEnumerable<string> ordinaryTables)
    {
        var module = MissingModule(connection, table);
        if (module is null)
        {
            return $"table '{table}' is a virtual table (a full-text or other index a module keeps, with its shadow tables) that is not part of the BAI model; what it holds would be lost (drop it explicitly with {Drop(table)}; its shadow tables go with it)";
        }

        var shadows = ordinaryTables
            .Where(t => t.StartsWith($"{table}_", StringComparison.OrdinalIgnoreCase) && !BaiSchema.AllTables.Any(s => SqliteNames.Comparer.Equals(s.Name, t)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var drops = shadows.Count == 0
            ? $"drop it explicitly with {Drop(table)}; the file has no table named {table}_* that would be its shadow table"
            : $"drop it explicitly with {Drop(table)}, and each table that looks like its shadow table with its own --drop: {string.Join(", ", shadows)}";
        return $"table '{table}' is a virtual table of module '{module}', which SQLite here lacks, so its shadow tables are ordinary tables to it; it is not part of the BAI model and what it holds would be lost ({drops})";
    }

    /// <summary>
    /// The module a virtual table needs that SQLite here lacks, in SQLite's own words when it prepares a read of the
    /// table ("no such module: vec0"); null when the read prepares (the module is registered) or fails for another
    /// reason. Asked of SQLite, not read from the CREATE VIRTUAL TABLE text, where a quoted name or a comment holding
    /// "USING x" would name the wrong module.
    /// </summary>
    private static string? MissingModule(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM {SqliteNames.Quote(table)} LIMIT 0";
        try
        {
            command.ExecuteScalar();
            return null;
        }
        catch (SqliteException e)
        {
            var missing = NoSuchModule().Match(e.Message);
            return missing.Success ? missing.Groups[1].Value : null;
        }
    }

    /// <summary>The file's tables declared <c>WITHOUT ROWID</c>.</summary>
    private static HashSet<string> WithoutRowIdTables(SqliteConnection connection) =>
        ReadNames(connection, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND wr = 1");

    /// <summary>What a <c>WITHOUT ROWID</c> table means and how to make the file readable, rows unchanged.</summary>
    private static string WithoutRowIdDetail(string table) =>
        $"table '{table}' is declared WITHOUT ROWID, and the BAI schema's tables are rowid tables: the tools name every source row by its rowid. " +
        $"In a copy of the file, rebuild it as legacy-bai-sqlite.sql declares it (CREATE TABLE {table}_rowid (...); INSERT INTO {table}_rowid SELECT * FROM {table}; " +
        $"DROP TABLE {table}; ALTER TABLE {table}_rowid RENAME TO {table}) and migrate the copy; the rows stay as they are";

    // A virtual table's shadow tables (an FTS5 index's _data, _idx, ...) are part of it: one finding, one --drop, when
    // SQLite here has its module (it marks them shadow only then; see VirtualTableDetail).
    internal static HashSet<string> ReadTableNames(SqliteConnection connection) =>
        ReadNames(connection, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");

    /// <summary>
    /// A table's columns, matched as SQLite matches names, each with whether it is generated. pragma_table_info leaves
    /// out generated columns (SQLite 3.31), which then passed as no drift at all; table_xinfo lists them (hidden 2 or
    /// 3), and hidden 1 is a virtual table's hidden column. The table name is a bound value: a hostile name never
    /// becomes SQL.
    /// </summary>
    internal static Dictionary<string, bool> ReadColumns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, hidden IN (2, 3) FROM pragma_table_xinfo($table) WHERE hidden IN (0, 2, 3)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new Dictionary<string, bool>(SqliteNames.Comparer);
        while (reader.Read())
        {
            columns[reader.GetString(0)] = reader.GetBoolean(1);
        }

        return columns;
    }

    /// <summary>The names a query returns, matched as SQLite matches names.</summary>
    private static HashSet<string> ReadNames(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(SqliteNames.Comparer);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// The revisions as SQLite stored them: the model's is the TEXT the backend writes, not a BLOB of its bytes (whose
    /// row no rule loads), and a revision with a NUL, a carriage return or bytes that are not UTF-8 must not look like it.
    /// </summary>
    private static List<RawValue> ReadAlembicVersions(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version_num FROM alembic_version";
        using var reader = command.ExecuteReader();
        var versions = new List<RawValue>();
        while (reader.Read())
        {
            versions.Add(SqliteRowReader.Read(reader, 0));
        }

        return versions;
    }

    /// <summary>A revision in the finding: TEXT quoted with its control characters visible, anything else with its storage class.</summary>
    private static string Shown(RawValue version) => version.TextValue is { } text ? ValueText.Quoted(text) : version.ToString();

    /// <summary>
    /// The <c>--drop</c> argument for <paramref name="name"/> as a shell takes it: a name with a space, a quote or a
    /// character the shell reads (a table named "audit log") is single-quoted, so the command can be pasted as written.
    /// </summary>
    private static string Drop(string name) =>
        PlainShellWord().IsMatch(name) ? $"--drop {name}" : $"--drop '{name.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    [GeneratedRegex(@"^[A-Za-z0-9_.,:@%+=/-]+$")]
    private static partial Regex PlainShellWord();

    // SQLite's error for a virtual table whose module is not registered, as Microsoft.Data.Sqlite quotes it:
    // "SQLite Error 1: 'no such module: vec0'."
    [GeneratedRegex(@"no such module: ([^'\s]+)")]
    private static partial Regex NoSuchModule();
}
