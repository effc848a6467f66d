namespace Bai.Core.Tests.Sqlite;

using Bai.Core.Sqlite;
using Microsoft.Data.Sqlite;

/// <summary>The comparer against SQLite's own answer: whether a name reaches a table created under the other.</summary>
public sealed class SqliteNamesTests
{
    public static TheoryData<string, string> Pairs => new()
    {
        { "invoices", "Invoices" },
        { "invoice_items", "INVOICE_ITEMS" },
        { "customers.notes", "Customers.NOTES" },
        { "invoices", "invoice" },
        { "é", "É" },
        { "données", "DONNéES" },
        { "données", "DONNÉES" },
        { "straße", "STRASSE" },
        { "k", "\u212A" },
        { "i", "\u0130" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Two_names_match_exactly_when_SQLite_takes_them_for_one_table(string created, string queried)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"CREATE TABLE \"{created}\" (a)");
        bool sqliteFindsIt;
        try
        {
            Execute(connection, $"SELECT a FROM \"{queried}\"");
            sqliteFindsIt = true;
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            sqliteFindsIt = false;
        }

        Assert.Equal(sqliteFindsIt, SqliteNames.Comparer.Equals(created, queried));
        Assert.Equal(sqliteFindsIt, SqliteNames.Comparer.Equals(queried, created));
        if (sqliteFindsIt)
        {
            Assert.Equal(SqliteNames.Comparer.GetHashCode(created), SqliteNames.Comparer.GetHashCode(queried));
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }
}
