using System.Globalization;
using System.Text;

namespace Bai.SampleData.Generation;

/// <summary>
/// Realistic, deterministic values for BAI rows, drawn from one seeded <see cref="Random"/>. Names mix ASCII,
/// accents, CJK and emoji so that every file exercises UTF-8 end to end.
/// </summary>
internal sealed class Faker(Random random)
{
    private static readonly string[] FirstNames =
    [
        "Anna", "Bruno", "Chloé", "Dmitri", "Eva", "François", "Günther", "Hana", "Iñigo", "Jürgen", "Kateřina",
        "Liam", "María", "Noah", "Øyvind", "Paweł", "Quentin", "Renée", "Søren", "Tomás", "Ursula", "Zoë",
        "美咲", "陽翔", "Ngozi", "Ahmed", "Olga", "Priya", "Sven", "Łucja",
    ];

    private static readonly string[] LastNames =
    [
        "Müller", "García", "Nowak", "Dubois", "Rossi", "Smith", "Andersson", "Kovačević", "O'Brien", "Ødegaard",
        "Silva", "Jansen", "Yılmaz", "Novák", "Schäfer", "Fernández", "Papadopoulos", "Nakamura", "田中", "Wójcik",
        "Lefèvre", "Horváth", "Eriksen", "Costa", "Peña",
    ];

    private static readonly string[] CompanyStems =
    [
        "Acme", "Globex", "Nordwind", "Café Lumière", "Bäckerei Sonnenschein", "Initech", "Umbrella", "株式会社さくら",
        "Hooli", "Brasserie Étoile", "Pied Piper", "Vandelay", "Øresund Logistics", "Stark", "Wayne", "Soylent",
        "Tyrell", "Zürich Präzision", "Piñata Fiesta 🎉", "Blue Harbor", "Kraków Print", "Duff",
    ];

    private static readonly string[] CompanySuffixes = ["GmbH", "Ltd", "S.A.", "SARL", "Inc.", "AB", "s.r.o.", "B.V.", "", "& Co."];

    private static readonly string[] Streets =
    [
        "Hauptstraße", "Rue de la Paix", "Calle Mayor", "High Street", "Via Roma", "Storgatan", "ulica Długa",
        "Oak Avenue", "Kärntner Straße", "Rua Augusta", "桜通り", "Vesterbrogade",
    ];

    private static readonly string[] Cities =
    [
        "Berlin", "Paris", "Madrid", "London", "Roma", "Stockholm", "Gdańsk", "Boston", "Wien", "Lisboa", "名古屋",
        "København", "Zürich", "São Paulo", "Kraków",
    ];

    private static readonly string[] ItemNouns =
    [
        "Consulting hour", "Espresso beans 1 kg", "Laptop stand", "Website audit", "Croissant", "Server rack",
        "Translation page", "Support plan", "Café crème", "Übersetzung", "Désinfectant", "Cable HDMI 2 m",
        "抹茶 200 g", "Design sprint", "Licence annuelle", "Office chair", "Notebook A5", "Delivery 🚚",
    ];

    private static readonly string[] CategoryNames =
    [
        "Services", "Hardware", "Software", "Food & Drinks", "Office", "Logistics", "Marketing", "Consulting",
        "Bürobedarf", "Matériel", "飲料", "Training", "Subscriptions", "Repairs", "Travel",
    ];

    private static readonly string[] Notes =
    [
        "Thank you for your business!", "Payable within 30 days.", "Merci pour votre confiance.",
        "Bitte überweisen Sie den Betrag bis zum Fälligkeitsdatum.", "ご利用ありがとうございます。",
        "Call before delivery.\nGate code 4711.", "Net 15 — early payment discount 2 %", "🎉 Happy new year!",
    ];

    private static readonly string[] EmailDomains = ["example.com", "example.org", "mail.example", "example.net"];

    public Random Random => random;

    public T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    public bool Chance(double probability) => random.NextDouble() < probability;

    public string PersonName() => $"{Pick(FirstNames)} {Pick(LastNames)}";

    public string CompanyName()
    {
        var suffix = Pick(CompanySuffixes);
        return suffix.Length == 0 ? Pick(CompanyStems) : $"{Pick(CompanyStems)} {suffix}";
    }

    public string Address() =>
        $"{Pick(Streets)} {random.Next(1, 250)}\n{random.Next(10000, 99999)} {Pick(Cities)}";

    public string City() => Pick(Cities);

    public string ItemName() => Pick(ItemNouns);

    public string CategoryName() => Pick(CategoryNames);

    public string Note() => Pick(Notes);

    public string Phone() => $"+{random.Next(1, 99)} {random.Next(100, 999)} {random.Next(1000000, 9999999)}";

    public string TaxNumber() =>
        $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{random.Next(100000000, 999999999)}";

    /// <summary>An address that is unique because it carries <paramref name="uniqueNumber"/> (the legacy email index is global).</summary>
    public string Email(string name, long uniqueNumber) =>
        $"{Slug(name)}.{uniqueNumber.ToString(CultureInfo.InvariantCulture)}@{Pick(EmailDomains)}";

    /// <summary>A bcrypt-shaped hash; the backend stored <c>$2b$12$</c> followed by 53 characters.</summary>
    public string PasswordHash()
    {
        const string alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(60, random, static (span, rng) =>
        {
            "$2b$12$".CopyTo(span);
            for (var i = 7; i < span.Length; i++)
            {
                span[i] = alphabet[rng.Next(alphabet.Length)];
            }
        });
    }

    /// <summary>A time offset of up to <paramref name="maxSeconds"/>, with microseconds, as Python's datetime has.</summary>
    public TimeSpan Offset(long maxSeconds) =>
        TimeSpan.FromSeconds(random.NextInt64(maxSeconds + 1)) + TimeSpan.FromMicroseconds(random.Next(1_000_000));

    // Accented and non-Latin letters are left out rather than transliterated: the address only has to be unique.
    private static string Slug(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c == ' ' && builder.Length > 0 && builder[^1] != '.')
            {
                builder.Append('.');
            }
        }

        return builder.Length == 0 ? "user" : builder.ToString().Trim('.');
    }
}
