using System.Text;
using Bai.Core.Schema;
using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Damage;

/// <summary>
/// Where damage is written: picks target rows deterministically (never the same row twice), adds fresh
/// copies of rows, writes cells with exact storage classes and records every write in the manifest.
/// </summary>
/// <remarks>
/// Damage on a parent table (customers, items, users, invoices) goes into a fresh copy of an existing row,
/// which nothing references, so rejecting it does not take dependent rows along and a test can expect exactly
/// the manifest. Leaf rows (invoice items) are damaged in place.
/// </remarks>
internal sealed class DamageContext(SqliteConnection connection, SqliteTransaction transaction, int seed)
{
    private readonly HashSet<(string Table, long Id)> _used = [];
    private readonly List<GeneratedDamage> _manifest = [];
    private Random _random = new(seed);

    public IReadOnlyList<GeneratedDamage> Manifest => _manifest;

    public SqliteConnection Connection => connection;

    public SqliteTransaction Transaction => transaction;

    /// <summary>Each kind draws from its own stream, so adding one kind never moves the targets of another.</summary>
    public void BeginKind(DamageKind kind) => _random = new Random(unchecked((seed * 1_000_003) + (int)kind) & int.MaxValue);

    /// <summary>An existing row of <paramref name="table"/> not yet damaged, satisfying <paramref name="condition"/> (SQL over the table's columns).</summary>
    public (long Id, string AccountId) PickRow(string table, string condition = "1 = 1")
    {
        var max = Scalar<long>($"SELECT coalesce(max(id), 0) FROM {table}");
        var start = 1 + _random.NextInt64(Math.Max(1, max));
        foreach (var from in new[] { start, 1 })
        {
            var sql = $"SELECT id, account_id FROM {table} WHERE id >= $from AND ({condition}) ORDER BY id LIMIT 1";
            for (var next = from; ;)
            {
                using var command = Command(sql, ("$from", next));
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    break;
                }

                var id = reader.GetInt64(0);
                if (_used.Add((table, id)))
                {
                    return (id, reader.GetString(1));
                }

                next = id + 1;
            }
        }

        throw new InvalidOperationException($"No row of {table} is left for damage where {condition}.");
    }

    /// <summary>Inserts a copy of <paramref name="source"/>, or of an undamaged row, of <paramref name="table"/> under a new id.</summary>
    public (long Id, string AccountId) AddCopy(string table, long? source = null)
    {
        var (sourceId, account) = source is { } given
            ? (given, Scalar<string>($"SELECT account_id FROM {table} WHERE id = $id", ("$id", given)))
            : PickRow(table);
        var id = Scalar<long>($"SELECT max(id) FROM {table}") + 1;
        // The legacy email index is global and unique: the copy gets its own address.
        var columns = BaiSchema.Table(table).Columns.Skip(1)
            .Select(c => table == "users" && c.Name == "email" ? "'copy.' || $id || '.' || email" : c.Name);
        Execute($"INSERT INTO {table} SELECT $id, {string.Join(", ", columns)} FROM {table} WHERE id = $source",
            ("$id", id), ("$source", sourceId));
        _used.Add((table, id));
        return (id, account);
    }

    public void MarkUsed(string table, long id) => _used.Add((table, id));

    /// <summary>Writes <paramref name="value"/> into one cell with exactly its storage class and records it.</summary>
    public void Set(DamageKind kind, string table, long id, string column, object? value, string? expected = null)
    {
        var expression = value is TextBytes ? "CAST($value AS TEXT)" : "$value";
        var bound = value is TextBytes text ? text.Bytes : value;
        Execute($"UPDATE {table} SET {column} = {expression} WHERE id = $id", ("$value", bound), ("$id", id));
        Record(new GeneratedDamage(kind, table, id, column, Raw(value), StorageClassOf(value), expected));
    }

    public void Record(GeneratedDamage damage) => _manifest.Add(damage);

    public void Forget(Predicate<GeneratedDamage> match) => _manifest.RemoveAll(match);

    public T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return (T)command.ExecuteScalar()!;
    }

    public IReadOnlyList<long> Ids(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static object? Raw(object? value) => value switch
    {
        TextBytes text when IsUtf8(text.Bytes) => Encoding.UTF8.GetString(text.Bytes),
        TextBytes text => text.Bytes,
        _ => value,
    };

    private static SqliteStorageClass StorageClassOf(object? value) => value switch
    {
        null => SqliteStorageClass.Null,
        long => SqliteStorageClass.Integer,
        double => SqliteStorageClass.Real,
        string or TextBytes => SqliteStorageClass.Text,
        byte[] => SqliteStorageClass.Blob,
        _ => throw new ArgumentException($"No SQLite storage class for {value.GetType()}.", nameof(value)),
    };

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
