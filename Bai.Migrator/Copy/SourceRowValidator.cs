namespace Bai.Migrator.Copy;

using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;

/// <summary>
/// Everything data-rules.md asks of one row: each value converted faithfully, each reference pointing at an
/// existing, loaded row of the same account, no second user with the same email in an account, no repeated id.
/// Returns every problem of the row (not just the first), or null when the row loads.
/// </summary>
internal sealed class SourceRowValidator(CopyContext context, TableSpec table)
{
    private readonly int emailOrdinal = table == BaiSchema.Users ? OrdinalOf(table, "email") : -1;
    private readonly HashSet<(int Account, string Email)> emails = [];
    private readonly (ReferenceSpec Reference, int Ordinal)[] references =
        [.. table.References.Select(r => (r, OrdinalOf(table, r.Column)))];

    // A self-referencing table's rows that will load (id -> account), and every id it has with its account, loading or not.
    private Dictionary<long, int>? selfAccounts;
    private Dictionary<long, int>? selfIds;
    private long? previousId;

    // Every id so far, for a table whose id is not its rowid (see RememberEveryId).
    private HashSet<long>? seenIds;

    /// <summary>
    /// Whether a row's fate depends on other rows of its table (a self-reference, users' emails), so the table must
    /// be read whole by one validator; otherwise (<see cref="SourceParts"/>) each part has a validator of its own.
    /// </summary>
    public bool ChecksAcrossRows => emailOrdinal >= 0 || references.Any(r => r.Reference.ParentTable == table.Name);

    public List<Problem>? Validate(SourceRow row) => Validate(row, checkSelfReferences: true);

    /// <summary>
    /// For a table whose <c>id</c> is not its rowid (a drifted file declared it TEXT, or untyped): SQLite orders such
    /// ids by storage class and then as text, so INTEGER 5, TEXT '05' and TEXT '5', one id once converted, need not
    /// be neighbours, and a repeated id is found only by remembering every id (8 bytes and more a row, for such a
    /// table only). A rowid table's ids come in numeric order, where comparing with the previous id suffices.
    /// </summary>
    public void RememberEveryId() => seenIds = [];

    /// <summary>
    /// First pass over a self-referencing table: which rows load on their own values, and then, repeatedly, which
    /// of those point at a row that does not load, until nothing changes. Only ids and accounts are kept.
    /// </summary>
    public async Task PrepareSelfReferencesAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<long, (int Account, long? Parent)>();
        var ids = new Dictionary<long, int>();
        await using (var command = source.CreateCommand())
        {
            command.CommandText = SourceQuery.For(table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new SourceRow(table);
            var self = references.Single(r => r.Reference.ParentTable == table.Name);
            while (reader.Read())
            {
                row.Load(reader);
                var problems = Validate(row, checkSelfReferences: false);
                if (row.IsConverted(0) && !row.Value(0).IsNull)
                {
                    ids[row.Id] = row.AccountIndex;
                }

                if (problems is null)
                {
                    var parent = row.Value(self.Ordinal);
                    rows[row.Id] = (row.AccountIndex, parent.IsNull ? null : parent.BigIntValue);
                }
            }
        }

        emails.Clear();
        previousId = null;
        seenIds?.Clear();
        bool changed;
        do
        {
            changed = false;
            foreach (var (id, (account, parent)) in rows)
            {
                if (parent is { } p && (!rows.TryGetValue(p, out var target) || target.Account != account))
                {
                    rows.Remove(id);
                    changed = true;
                }
            }
        }
        while (changed);

        selfAccounts = rows.ToDictionary(r => r.Key, r => r.Value.Account);
        selfIds = ids;
    }

    private List<Problem>? Validate(SourceRow row, bool checkSelfReferences)
    {
        List<Problem>? problems = null;
        var raw = row.Raw;
        for (var i = 0; i < raw.Length; i++)
        {
            var result = ValueConverter.Convert(in raw[i], table.Columns[i]);
            if (result.IsSuccess)
            {
                row.SetConverted(i, result.Value);
            }
            else
            {
                (problems ??= []).Add(new(table.Columns[i].Name, result.Rejection!.Reason.Code(), result.Rejection.Message, raw[i].ToString()));
            }
        }

        if (row.AccountOrdinal >= 0 && row.IsConverted(row.AccountOrdinal))
        {
            row.AccountIndex = context.Accounts.IndexOf(row.Value(row.AccountOrdinal).StringValue);
        }

        CheckDuplicateId(row, ref problems);
        foreach (var (reference, ordinal) in references)
        {
            if (reference.ParentTable == table.Name && !checkSelfReferences)
            {
                continue;
            }

            CheckReference(row, reference, ordinal, ref problems);
        }

        if (emailOrdinal >= 0 && problems is null && !emails.Add((row.AccountIndex, row.Value(emailOrdinal).StringValue)))
        {
            (problems ??= []).Add(new("email", "duplicate-email",
                $"another user of account '{context.Accounts[row.AccountIndex]}' already has the email {raw[emailOrdinal]} (users are unique per (account_id, email))",
                raw[emailOrdinal].ToString()));
        }

        return problems;
    }

    private void CheckReference(SourceRow row, ReferenceSpec reference, int ordinal, ref List<Problem>? problems)
    {
        if (!row.IsConverted(ordinal) || row.Value(ordinal).IsNull)
        {
            return;
        }

        var parentId = row.Value(ordinal).BigIntValue;
        var found = reference.ParentTable == table.Name
            ? TryGetSelf(parentId, out var parentAccount)
            : context.IndexFor(reference.ParentTable).TryGetAccount(parentId, out parentAccount);
        // The raw value's text only for a problem: formatting it for every reference of every row cost an allocation
        // or two per reference on the hot path.
        if (!found)
        {
            (problems ??= []).Add(new(reference.Column, "orphan",
                $"{reference.Column} {parentId} references no row of {reference.ParentTable}", row.Raw[ordinal].ToString()));
        }
        else if (ParentIndex.IsRejected(parentAccount))
        {
            CheckSameAccount(row, reference, ordinal, parentId, ParentIndex.AccountOfRejected(parentAccount), ref problems);
            (problems ??= []).Add(new(reference.Column, "rejected-parent",
                $"{reference.Column} {parentId} references a row of {reference.ParentTable} that was rejected, so this row goes with it", row.Raw[ordinal].ToString()));
        }
        else
        {
            CheckSameAccount(row, reference, ordinal, parentId, parentAccount, ref problems);
        }
    }

    /// <param name="parentAccount">The parent's account, -1 when unknown (a rejected parent whose account_id was).</param>
    private void CheckSameAccount(SourceRow row, ReferenceSpec reference, int ordinal, long parentId, int parentAccount, ref List<Problem>? problems)
    {
        if (row.AccountIndex >= 0 && parentAccount >= 0 && parentAccount != row.AccountIndex)
        {
            (problems ??= []).Add(new(reference.Column, "cross-account",
                $"{reference.Column} {parentId} references a row of {reference.ParentTable} of account '{context.Accounts[parentAccount]}', not this row's account '{context.Accounts[row.AccountIndex]}'", row.Raw[ordinal].ToString()));
        }
    }

    private bool TryGetSelf(long id, out int account)
    {
        if (selfAccounts!.TryGetValue(id, out account))
        {
            return true;
        }

        // In the file but not loading (its own values, or its own parent, failed): this row goes with it.
        var inFile = selfIds!.TryGetValue(id, out var rejectedAccount);
        account = ParentIndex.RejectedOf(inFile ? rejectedAccount : -1);
        return inFile;
    }

    private void CheckDuplicateId(SourceRow row, ref List<Problem>? problems)
    {
        if (table.Columns[0].Name != BaiSchema.IdColumn || !row.IsConverted(0) || row.Value(0).IsNull)
        {
            return;
        }

        // Rows come in id order (SourceQuery), so in a rowid table a repeated id follows its first occurrence directly.
        var id = row.Id;
        if (seenIds is null ? previousId == id : !seenIds.Add(id))
        {
            (problems ??= []).Add(new(BaiSchema.IdColumn, "duplicate-id", $"id {id} appears more than once in {table.Name}", row.Raw[0].ToString()));
        }

        previousId = id;
    }

    private static int OrdinalOf(TableSpec table, string column) =>
        table.OrdinalOf(column) is var ordinal and >= 0 ? ordinal : throw new InvalidOperationException($"{table.Name} has no column {column}.");
}
