namespace Bai.SampleData;

/// <summary>
/// The size, seed and damage of a generated legacy BAI file. The same options always give the same file,
/// byte for byte (<see cref="SampleGenerator"/>).
/// </summary>
public sealed record SampleOptions
{
    public int Accounts { get; init; } = 3;

    public int OrganizationsPerAccount { get; init; } = 2;

    public int UsersPerAccount { get; init; } = 5;

    public int CategoriesPerAccount { get; init; } = 8;

    public int ItemsPerAccount { get; init; } = 40;

    public int CustomersPerAccount { get; init; } = 30;

    public int InvoicesPerAccount { get; init; } = 100;

    public int MinItemsPerInvoice { get; init; } = 1;

    public int MaxItemsPerInvoice { get; init; } = 8;

    /// <summary>Share of sent or overdue invoices with a partial payment (paid invoices always have payments).</summary>
    public double PartialPaymentRatio { get; init; } = 0.3;

    /// <summary>Payments per account that belong to no invoice (prepayments on a customer's balance).</summary>
    public int UnallocatedPaymentsPerAccount { get; init; } = 3;

    public int Seed { get; init; } = 1;

    /// <summary>The damage to add after the clean data; empty for a clean file. Applied in <see cref="DamageKinds.All"/> order.</summary>
    public IReadOnlySet<DamageKind> Damage { get; init; } = new HashSet<DamageKind>();

    /// <summary>
    /// The preset that produced <c>samples/bai-sample.db</c>: three accounts (the third with a 100-character
    /// account id), 400 invoices each, no damage. Regenerate with
    /// <c>dotnet run --project Bai.SampleData -- --preset sample --output samples/bai-sample.db --force</c>.
    /// </summary>
    public static SampleOptions CommittedSample { get; } = new()
    {
        Accounts = 3,
        InvoicesPerAccount = 400,
        CustomersPerAccount = 40,
        ItemsPerAccount = 60,
        Seed = 20_26,
    };

    /// <summary>The benchmark size of issue 7: 100 accounts × 10,000 invoices, about 6 million rows.</summary>
    public static SampleOptions Benchmark { get; } = new()
    {
        Accounts = 100,
        InvoicesPerAccount = 10_000,
        CustomersPerAccount = 500,
        ItemsPerAccount = 200,
        UsersPerAccount = 20,
        CategoriesPerAccount = 20,
        Seed = 7,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        Require(Accounts is >= 1 and <= 9_999, nameof(Accounts), "between 1 and 9999");
        Require(OrganizationsPerAccount >= 1, nameof(OrganizationsPerAccount), "at least 1");
        Require(UsersPerAccount >= 1, nameof(UsersPerAccount), "at least 1");
        Require(CategoriesPerAccount >= 1, nameof(CategoriesPerAccount), "at least 1");
        Require(ItemsPerAccount >= 1, nameof(ItemsPerAccount), "at least 1");
        Require(CustomersPerAccount >= 1, nameof(CustomersPerAccount), "at least 1");
        Require(InvoicesPerAccount >= 0, nameof(InvoicesPerAccount), "0 or more");
        Require(MinItemsPerInvoice >= 1 && MaxItemsPerInvoice >= MinItemsPerInvoice, nameof(MaxItemsPerInvoice),
            "at least MinItemsPerInvoice, which is at least 1");
        Require(PartialPaymentRatio is >= 0 and <= 1, nameof(PartialPaymentRatio), "between 0 and 1");
        Require(UnallocatedPaymentsPerAccount >= 0, nameof(UnallocatedPaymentsPerAccount), "0 or more");
        if (Damage.Count > 0)
        {
            // Damage picks a few invoices with items, and for cross-account links rows of a second account.
            Require(InvoicesPerAccount >= 10, nameof(InvoicesPerAccount), "at least 10 when damage is asked for");
            Require(!Damage.Contains(DamageKind.CrossAccountReference) || Accounts >= 2, nameof(Accounts),
                "at least 2 for cross-account references");
        }
    }

    private static void Require(bool condition, string name, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} must be {what}.", name);
        }
    }
}
