namespace Bai.SampleData;

/// <summary>
/// What the generator can add to an otherwise clean file: one member per kind of damage that
/// <c>shared/spec/data-rules.md</c> says must be detected, plus the odd-but-valid values the same rules
/// say must convert faithfully (see <see cref="DamageKinds.IsValidConversion"/>). Each kind touches a
/// few rows only and records every cell it wrote as a <see cref="GeneratedDamage"/>.
/// </summary>
public enum DamageKind
{
    /// <summary>An invoice deleted without its invoice items (foreign keys were off, so the cascade never ran), and an item whose category does not exist.</summary>
    OrphanReference,

    /// <summary>An invoice pointing at another account's customer, an invoice item at another account's item. Needs two accounts.</summary>
    CrossAccountReference,

    /// <summary>NULL in NOT NULL columns (<c>invoices.customer_id</c>, <c>customers.name</c>, <c>items.unit_price</c>).</summary>
    NullInNotNull,

    /// <summary>Text longer than its VARCHAR(n), including an <c>account_id</c> over 100 characters.</summary>
    OverlongVarchar,

    /// <summary><c>'N/A'</c>, <c>''</c> and <c>'—'</c> in numeric, integer, boolean, date and timestamp columns.</summary>
    TextInTypedColumn,

    /// <summary>REAL money that is no decimal at the column's scale (<c>0.123456</c> in a numeric(12,2)).</summary>
    LossyRealMoney,

    /// <summary>Date and timestamp text in formats the rules do not accept (<c>30/03/2024</c>, a time of day in a DATE column). Rejected.</summary>
    MixedDateFormats,

    /// <summary>Calendar dates that do not exist (Feb 30, Feb 29 of a common year, month 13).</summary>
    ImpossibleDate,

    /// <summary>U+0000 inside text; PostgreSQL text cannot hold it.</summary>
    NulCharacter,

    /// <summary>TEXT values whose bytes are not UTF-8.</summary>
    InvalidUtf8,

    /// <summary>BLOB values in text and numeric columns.</summary>
    BlobInTextColumn,

    /// <summary>
    /// A second user with an existing user's email in the same account. SQLite would refuse it while
    /// <c>ix_users_email</c> exists, so this kind drops that index, as a file whose index was lost would be.
    /// </summary>
    DuplicateUserEmail,

    /// <summary>A column the model does not know (<c>customers.loyalty_tier</c>), holding data.</summary>
    SchemaDriftUnknownColumn,

    /// <summary>A table the model does not know (<c>audit_log</c>), holding rows.</summary>
    SchemaDriftUnknownTable,

    /// <summary>A table the model expects is missing: <c>payments</c> is dropped.</summary>
    SchemaDriftMissingTable,

    /// <summary><c>alembic_version</c> holds a revision other than <c>BaiSchema.ExpectedAlembicVersion</c>.</summary>
    UnexpectedAlembicVersion,

    /// <summary>Valid: REAL money such as <c>0.30000000000000004</c> (0.1 + 0.2) that is the decimal 0.30.</summary>
    FaithfulRealMoney,

    /// <summary>Valid: timestamps with <c>T</c>, <c>Z</c> or <c>±HH:MM</c>, without seconds, epoch seconds and milliseconds; midnight datetimes in DATE columns.</summary>
    MixedButValidDates,

    /// <summary>Valid: TEXT holding a plain decimal integer in integer and reference columns.</summary>
    IntegerAsText,

    /// <summary>Valid: REAL with no fractional part in integer and reference columns.</summary>
    RealWholeNumberInInteger,

    /// <summary>Valid: TEXT decimal literals in numeric columns.</summary>
    DecimalAsText,

    /// <summary>Valid: TEXT booleans (<c>true</c>, <c>no</c>, <c>T</c>...) in BOOLEAN columns.</summary>
    TextBoolean,
}
