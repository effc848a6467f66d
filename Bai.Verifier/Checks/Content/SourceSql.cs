namespace Bai.Verifier.Checks.Content;

using System.Globalization;
using Bai.Core.Schema;
using Bai.Core.Values;
using Microsoft.Data.Sqlite;

/// <summary>
/// The SELECTs over the source: the rowid (the quarantine names rejected rows by it), then the model's columns in
/// model order, names from <see cref="BaiSchema"/>. For a BAI table <c>id</c> is the rowid, so "ORDER BY id" within an
/// account follows the legacy <c>account_id</c> index without a sort.
/// </summary>
internal static class SourceSql
{
    public static string All(TableSpec table) => $"SELECT rowid, {Columns(table)} FROM \"{table.Name}\"";

    /// <summary>
    /// Sets <paramref name="command"/> to read one account's rows in id order, through the legacy <c>account_id</c>
    /// index. An <c>account_id</c> stored as INTEGER 42 or REAL 0.5 (written while the file's schema declared no type)
    /// loads as the text '42' or '0.5' (<see cref="RawValue.TextForm"/>), but in a column of TEXT affinity, or none,
    /// SQLite finds no stored number equal to a text: for an account that is the text of a number, rows holding that
    /// number match too (<c>+account_id</c> compares without affinity; a scan, for such accounts only). A number can
    /// find a row of another account ('0' finds REAL -0.0, which loads as '-0'), so readers keep only the rows whose
    /// <see cref="SourceRow.CountKey"/> is the account.
    /// </summary>
    public static void ForAccount(SqliteCommand command, TableSpec table, string account)
    {
        var number = AccountNumber(account);
        var match = number is null
            ? $"\"{BaiSchema.AccountIdColumn}\" = $account"
            : $"(\"{BaiSchema.AccountIdColumn}\" = $account OR +\"{BaiSchema.AccountIdColumn}\" = $number)";
        command.CommandText = $"SELECT rowid, {Columns(table)} FROM \"{table.Name}\" WHERE {match} ORDER BY \"{BaiSchema.IdColumn}\"";
        command.Parameters.AddWithValue("$account", account);
        if (number is not null)
        {
            command.Parameters.AddWithValue("$number", number);
        }
    }

    /// <summary>The INTEGER or REAL whose text the account is, or null.</summary>
    private static object? AccountNumber(string account)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (long.TryParse(account, NumberStyles.AllowLeadingSign, invariant, out var integer) && RawValue.FromInteger(integer).TextForm == account)
        {
            return integer;
        }

        return double.TryParse(account, NumberStyles.Float, invariant, out var real) && RawValue.FromReal(real).TextForm == account ? real : null;
    }

    private static string Columns(TableSpec table) => string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
}
