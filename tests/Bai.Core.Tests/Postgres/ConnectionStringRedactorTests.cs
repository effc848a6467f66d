namespace Bai.Core.Tests.Postgres;

using Bai.Core.Postgres;

public sealed class ConnectionStringRedactorTests
{
    [Fact]
    public void Redact_removes_the_passwords_and_keeps_the_rest()
    {
        var redacted = ConnectionStringRedactor.Redact("Host=db.example;Port=5433;Database=bai_db;Username=bai_user;Password=s3ntinel;SSL Mode=Require;SSL Password=k3ypass");

        Assert.Equal("Host=db.example;Port=5433;Database=bai_db;Username=bai_user;SSL Mode=Require", redacted);
    }

    [Fact]
    public void Redact_shows_nothing_of_a_string_it_cannot_read()
    {
        Assert.Equal("(unreadable connection string)", ConnectionStringRedactor.Redact("Password=s3ntinel;NoSuchKeyword=1"));
    }
}
