using static Bai.SampleData.Generation.SqlAlchemyValues;

namespace Bai.SampleData.Generation;

/// <summary>
/// Writes the rows an account has before its first invoice: organizations, users, the category tree,
/// the item catalogue and the customers. Every reference stays inside the account.
/// </summary>
internal sealed class AccountWriter(TenantInserts inserts, Faker faker, SampleOptions options)
{
    private static readonly string[] Currencies = ["EUR", "EUR", "USD", "GBP", "CHF", "SEK", "JPY", "PLN"];
    private static readonly string[] Roles = ["owner", "admin", "member", "member", "member", "viewer"];
    private static readonly int[] TaxRates = [1900, 700, 2000, 550, 2100, 0, 2300];

    public AccountState Write(int accountNumber)
    {
        // Accounts signed up one after another during the first year.
        var signUp = BaseTime + TimeSpan.FromDays(accountNumber % 365) + faker.Offset(86_400);
        var state = new AccountState(AccountIds.For(accountNumber), faker.Pick(Currencies));
        var organizations = WriteOrganizations(state, signUp);
        state.Users = WriteUsers(state, organizations, signUp);
        var categories = WriteCategories(state, signUp);
        state.Items = WriteItems(state, categories, signUp);
        state.Customers = WriteCustomers(state, signUp);
        state.NextIssueTime = signUp + TimeSpan.FromDays(7);
        return state;
    }

    private IdRange WriteOrganizations(AccountState state, DateTime signUp)
    {
        var first = inserts.Organizations.NextId;
        for (var i = 0; i < options.OrganizationsPerAccount; i++)
        {
            var name = faker.CompanyName();
            var created = signUp + faker.Offset(3_600);
            inserts.Organizations.Begin()
                .AddRowId(inserts.Organizations.NextId).Add(state.AccountId).Add(name)
                .Add(faker.Chance(0.7) ? $"{name} Holding" : null)
                .Add(faker.Chance(0.8) ? faker.TaxNumber() : null)
                .Add(i == 0 ? state.Currency : faker.Pick(Currencies))
                .Add(faker.Chance(0.9) ? faker.Address() : null)
                .AddTimestamp(created)
                .AddTimestamp(faker.Chance(0.5) ? created + faker.Offset(400 * 86_400L) : null)
                .End();
        }

        return new IdRange(first, options.OrganizationsPerAccount);
    }

    private IdRange WriteUsers(AccountState state, IdRange organizations, DateTime signUp)
    {
        var first = inserts.Users.NextId;
        for (var i = 0; i < options.UsersPerAccount; i++)
        {
            var id = inserts.Users.NextId;
            var name = faker.PersonName();
            var created = signUp + faker.Offset(30 * 86_400L);
            inserts.Users.Begin()
                .AddRowId(id).Add(state.AccountId)
                .Add(faker.Chance(0.85) ? organizations.Pick(faker.Random) : null)
                .Add(faker.Email(name, id))
                .Add(faker.Chance(0.9) ? name : null)
                .Add(faker.PasswordHash())
                .Add(i == 0 ? "owner" : faker.Pick(Roles))
                .Add(Boolean(i == 0 || faker.Chance(0.85)))
                .AddTimestamp(faker.Chance(0.8) ? created + faker.Offset(1_500 * 86_400L) : null)
                .AddTimestamp(created)
                .End();
        }

        return new IdRange(first, options.UsersPerAccount);
    }

    private IdRange WriteCategories(AccountState state, DateTime signUp)
    {
        var first = inserts.ItemCategories.NextId;
        var roots = Math.Max(1, options.CategoriesPerAccount / 3);
        for (var i = 0; i < options.CategoriesPerAccount; i++)
        {
            // The first third are roots; the others hang under an earlier category, which makes trees of any depth.
            long? parent = i < roots ? null : first + faker.Random.Next(i);
            inserts.ItemCategories.Begin()
                .AddRowId(inserts.ItemCategories.NextId).Add(state.AccountId).Add(parent)
                .Add(faker.CategoryName())
                .Add(faker.Chance(0.4) ? faker.Note() : null)
                .AddTimestamp(signUp + faker.Offset(7 * 86_400L))
                .End();
        }

        return new IdRange(first, options.CategoriesPerAccount);
    }

    private IdRange WriteItems(AccountState state, IdRange categories, DateTime signUp)
    {
        var first = inserts.Items.NextId;
        for (var i = 0; i < options.ItemsPerAccount; i++)
        {
            var id = inserts.Items.NextId;
            var name = faker.ItemName();
            // Mostly cents, sometimes whole amounts, which NUMERIC affinity then stores as INTEGER.
            var price = faker.Chance(0.2) ? faker.Random.Next(1, 2_000) * 100L : faker.Random.Next(50, 250_000);
            var tax = faker.Chance(0.1) ? -1 : faker.Pick(TaxRates);
            state.ItemCatalog.Add((price, tax, name));
            var created = signUp + faker.Offset(60 * 86_400L);
            inserts.Items.Begin()
                .AddRowId(id).Add(state.AccountId)
                .Add(faker.Chance(0.15) ? null : categories.Pick(faker.Random))
                .Add(faker.Chance(0.9) ? $"SKU-{id:000000}" : null)
                .Add(name)
                .Add(faker.Chance(0.3) ? faker.Note() : null)
                .Add(Money(price))
                .Add(tax < 0 ? null : Rate(tax))
                .Add(Boolean(faker.Chance(0.9)))
                .AddTimestamp(created)
                .AddTimestamp(faker.Chance(0.4) ? created + faker.Offset(900 * 86_400L) : null)
                .End();
        }

        return new IdRange(first, options.ItemsPerAccount);
    }

    private IdRange WriteCustomers(AccountState state, DateTime signUp)
    {
        var first = inserts.Customers.NextId;
        for (var i = 0; i < options.CustomersPerAccount; i++)
        {
            var id = inserts.Customers.NextId;
            var name = faker.Chance(0.6) ? faker.CompanyName() : faker.PersonName();
            var created = signUp + faker.Offset(30 * 86_400L);
            inserts.Customers.Begin()
                .AddRowId(id).Add(state.AccountId).Add(name)
                .Add(faker.Chance(0.8) ? faker.Email(name, id) : null)
                .Add(faker.Chance(0.6) ? faker.Phone() : null)
                .Add(faker.Chance(0.85) ? faker.Address() : null)
                .Add(faker.Chance(0.5) ? faker.TaxNumber() : null)
                .Add(faker.Chance(0.1) ? faker.Note() : null)
                .AddTimestamp(created)
                .AddTimestamp(faker.Chance(0.3) ? created + faker.Offset(300 * 86_400L) : null)
                .End();
        }

        return new IdRange(first, options.CustomersPerAccount);
    }
}
