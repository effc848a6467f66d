using System.Globalization;

namespace Bai.SampleData.Generation;

/// <summary>
/// Account ids as the backend issued them: <c>acct_0001</c>, and for every tenth account (starting with the
/// third) a long id of 51 to 100 characters: longer than the legacy VARCHAR(50) of <c>invoices.account_id</c>
/// but within the target's varchar(100), so the migrator must not trust the legacy length.
/// </summary>
internal static class AccountIds
{
    private const string Filler = "-northwind-traders-international-holdings-europe-middle-east-africa-division";

    public static string For(int accountNumber)
    {
        var shortId = $"acct_{accountNumber.ToString("0000", CultureInfo.InvariantCulture)}";
        if (accountNumber % 10 != 3)
        {
            return shortId;
        }

        // The first long id is exactly the target's limit; later ones vary in length.
        var length = accountNumber == 3 ? 100 : 51 + (accountNumber * 7 % 50);
        var text = shortId;
        while (text.Length < length)
        {
            text += Filler;
        }

        return text[..length];
    }
}
