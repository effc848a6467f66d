using Microsoft.Data.Sqlite;

namespace Bai.SampleData.Generation;

/// <summary>
/// Writes the clean rows of every account: first each account's setup rows (accounts signed up one after
/// another), then the invoices of all accounts interleaved in time, as a multi-tenant backend wrote them,
/// so that ids of different accounts alternate in every big table.
/// </summary>
internal static class CleanDataWriter
{
    public static void Write(SqliteConnection connection, SampleOptions options, CancellationToken cancellationToken)
    {
        using var inserts = new TenantInserts(connection);
        var faker = new Faker(new Random(options.Seed));
        var accountWriter = new AccountWriter(inserts, faker, options);
        var invoiceWriter = new InvoiceWriter(inserts, faker, options);

        var accounts = new AccountState[options.Accounts];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = accountWriter.Write(i + 1);
        }

        for (var round = 0; round < options.InvoicesPerAccount; round++)
        {
            if (round % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (var account in accounts)
            {
                invoiceWriter.Write(account);
            }
        }

        foreach (var account in accounts)
        {
            for (var i = 0; i < options.UnallocatedPaymentsPerAccount; i++)
            {
                invoiceWriter.WriteUnallocatedPayment(account);
            }
        }
    }
}
