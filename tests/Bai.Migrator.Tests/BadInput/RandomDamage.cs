namespace Bai.Migrator.Tests.BadInput;

using Bai.Core.Schema;
using Bai.SampleData.Damage;
using Microsoft.Data.Sqlite;

/// <summary>
/// Damage no test names one by one: a seed picks cells of a clean file and writes into them values of every storage
/// class data-rules.md speaks of (through SQLite's column affinity as an application's writes go, or past it), moves
/// rows to another account, gives rows other ids and deletes parent rows. What the test may then expect does not
/// depend on knowing each value's fate:
/// <list type="bullet">
/// <item>a row may be rejected only when it was touched, or when it references a touched or missing row (<see cref="Tainted"/>);</item>
/// <item>a row holding a value no rule accepts (<see cref="UnacceptableValue"/>) must be rejected (<see cref="MustBeRejected"/>).</item>
/// </list>
/// </summary>
public sealed class RandomDamage
{
    private readonly HashSet<(TableSpec Table, ColumnSpec Column, long RowId)> touched = [];

    private RandomDamage(int seed) => Seed = seed;

    public int Seed { get; }

    /// <summary>What was done, one line each, for the failure message: a seed's damage is read back from it.</summary>
    public List<string> Log { get; } = [];

    /// <summary>Rows with a value no conversion accepts: table → rowids.</summary>
    public Dictionary<string, HashSet<long>> MustBeRejected { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows that may be rejected: touched ones, and every row that references one of them or a missing row.</summary>
    public Dictionary<string, HashSet<long>> Tainted { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Damages <paramref name="source"/>. With <paramref name="relaxed"/> the values go in as years of schema changes and
    /// imports leave them (any storage class in any column, NULL where NOT NULL, see <see cref="RelaxedSchema"/>); without,
    /// as an application writes them, through the declared schema's affinity and NOT NULL.
    /// </summary>
    public static async Task<RandomDamage> ApplyAsync(SourceFile source, int seed, bool relaxed, int cells = 30)
    {
        var damage = new RandomDamage(seed);
        var random = new Random(seed);
        var original = relaxed ? await RelaxedSchema.RelaxAsync(source.Path, CancellationToken.None) : null;
        SqliteConnection.ClearAllPools();
        source.Edit(connection =>
        {
            // As Python's sqlite3 and most applications run: SQLite does not enforce foreign keys unless asked.
            Execute(connection, "PRAGMA foreign_keys = OFF");
            var accounts = Values<string>(connection, "SELECT DISTINCT account_id FROM organizations ORDER BY 1");
            for (var i = 0; i < cells; i++)
            {
                var table = BaiSchema.TenantTables[random.Next(BaiSchema.TenantTables.Count)];
                var column = table.Columns[random.Next(1, table.Columns.Count)];
                var parentIds = table.ReferenceFor(column.Name) is { } reference ? Values<long>(connection, $"SELECT rowid FROM \"{reference.ParentTable}\"") : [];
                damage.Write(connection, table, column, RandomRowId(connection, table, random), RandomValues.Pick(random, column, accounts, parentIds));
            }

            // A row moved to another account: it now points across accounts, and so do the rows that point at it.
            for (var i = 0; i < 3; i++)
            {
                var table = BaiSchema.TenantTables[random.Next(BaiSchema.TenantTables.Count)];
                damage.Write(connection, table, table.Column(BaiSchema.AccountIdColumn), RandomRowId(connection, table, random),
                    new RandomValue(accounts[random.Next(accounts.Count)]));
            }

            // A row given another id, zero, negative or far past the others (a rowid is any 64-bit integer): it loads
            // as it is, and the rows that pointed at its old id are orphans.
            for (var i = 0; i < 2; i++)
            {
                var table = BaiSchema.TenantTables[random.Next(BaiSchema.TenantTables.Count)];
                var rowId = RandomRowId(connection, table, random);
                var newId = random.Next(3) switch { 0 => 0, 1 => -rowId, _ => (1L << 40) + rowId };
                var free = Values<long>(connection, $"SELECT count(*) FROM \"{table.Name}\" WHERE rowid = {newId}")[0] == 0;
                if (free && !damage.touched.Any(t => t.Table == table && t.RowId == rowId))
                {
                    Execute(connection, $"UPDATE \"{table.Name}\" SET id = {newId} WHERE rowid = {rowId}");
                    damage.Log.Add($"{table.Name} {rowId}: now id {newId}");
                }
            }

            // A parent deleted with no cascade (SQLite's foreign keys are off by default): its children are orphans.
            foreach (var table in new[] { BaiSchema.Customers, BaiSchema.Invoices, BaiSchema.Items })
            {
                var rowId = RandomRowId(connection, table, random);
                Execute(connection, $"DELETE FROM \"{table.Name}\" WHERE rowid = {rowId}");
                damage.Log.Add($"{table.Name} {rowId}: deleted");
            }

            damage.Judge(connection);
            damage.Spread(connection);
        });
        if (original is not null)
        {
            await RelaxedSchema.RestoreAsync(source.Path, original, CancellationToken.None);
            source.Changed();
        }

        damage.Log.Insert(0, relaxed ? "values written under a relaxed schema" : "values written through the declared schema");
        return damage;
    }

    public bool IsTainted(string table, long rowId) => Tainted.TryGetValue(table, out var rows) && rows.Contains(rowId);

    public string Describe() => $"seed {Seed}:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, Log)}";

    private void Write(SqliteConnection connection, TableSpec table, ColumnSpec column, long rowId, RandomValue value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE \"{table.Name}\" SET \"{column.Name}\" = {value.Sql ?? "$value"} WHERE rowid = $rowid";
        if (value.Sql is null)
        {
            command.Parameters.AddWithValue("$value", value.Parameter ?? DBNull.Value);
        }

        command.Parameters.AddWithValue("$rowid", rowId);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the declared NOT NULL refused it, as it refuses the application.
            Log.Add($"{table.Name} {rowId} {column.Name}: refused by SQLite ({e.Message})");
            return;
        }

        touched.Add((table, column, rowId));
    }

    /// <summary>Each touched cell as the file now holds it (a cell may be written twice, its row deleted after).</summary>
    private void Judge(SqliteConnection connection)
    {
        foreach (var (table, column, rowId) in touched)
        {
            if (Stored(connection, table, column, rowId) is not var (storageClass, bytes))
            {
                continue;
            }

            var reason = UnacceptableValue.Reason(table, column, storageClass, bytes);
            if (reason is not null)
            {
                Rows(MustBeRejected, table.Name).Add(rowId);
            }

            Log.Add($"{table.Name} {rowId} {column.Name}: {storageClass} {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 40)))}{(reason is null ? "" : $" (must be rejected: {reason})")}");
        }
    }

    /// <summary>Taint spreads to every row whose reference names a tainted or a missing row, until nothing changes.</summary>
    private void Spread(SqliteConnection connection)
    {
        foreach (var (table, _, rowId) in touched)
        {
            Rows(Tainted, table.Name).Add(rowId);
        }

        // UNIQUE (account_id, email): either of two users that now share an address may be the one rejected.
        Rows(Tainted, BaiSchema.Users.Name).UnionWith(Values<long>(connection,
            "SELECT rowid FROM users WHERE (account_id, email) IN (SELECT account_id, email FROM users GROUP BY 1, 2 HAVING count(*) > 1)"));

        // The file does not change while taint spreads: each table's ids are read once.
        var ids = BaiSchema.TenantTables.ToDictionary(t => t.Name, t => Values<long>(connection, $"SELECT rowid FROM \"{t.Name}\"").ToHashSet());
        bool grew;
        do
        {
            grew = false;
            foreach (var table in BaiSchema.TenantTables)
            {
                foreach (var reference in table.References)
                {
                    var parentIds = ids[reference.ParentTable];
                    using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT rowid, \"{reference.Column}\" FROM \"{table.Name}\" WHERE \"{reference.Column}\" IS NOT NULL";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        var points = reader.GetValue(1) is not long parentId || !parentIds.Contains(parentId) || IsTainted(reference.ParentTable, parentId);
                        if (points && Rows(Tainted, table.Name).Add(reader.GetInt64(0)))
                        {
                            grew = true;
                        }
                    }
                }
            }
        }
        while (grew);
    }

    private static HashSet<long> Rows(Dictionary<string, HashSet<long>> rows, string table)
    {
        if (!rows.TryGetValue(table, out var set))
        {
            rows[table] = set = [];
        }

        return set;
    }

    /// <summary>The cell's storage class and its bytes (a number's as its text); null when the row is gone.</summary>
    private static (string StorageClass, byte[] Bytes)? Stored(SqliteConnection connection, TableSpec table, ColumnSpec column, long rowId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT typeof(\"{column.Name}\"), CAST(\"{column.Name}\" AS BLOB) FROM \"{table.Name}\" WHERE rowid = {rowId}";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1)) : null;
    }

    private static long RandomRowId(SqliteConnection connection, TableSpec table, Random random)
    {
        var ids = Values<long>(connection, $"SELECT rowid FROM \"{table.Name}\" ORDER BY rowid");
        return ids[random.Next(ids.Count)];
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns.</summary>
    private static List<T> Values<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
