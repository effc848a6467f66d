using Bai.Core.Schema;

namespace Bai.SampleData.Damage;

/// <summary>Differences between the file's schema and the model: written with the real schema back in place.</summary>
internal static class SchemaDriftDamage
{
    /// <summary>A column added by a hotfix the model never learned about, holding values for a few customers.</summary>
    public static void UnknownColumn(DamageContext context)
    {
        context.Execute("ALTER TABLE customers ADD COLUMN loyalty_tier VARCHAR(20)");
        context.Execute("UPDATE customers SET loyalty_tier = 'gold' WHERE id IN (SELECT id FROM customers ORDER BY id LIMIT 3)");
        context.Record(new GeneratedDamage(DamageKind.SchemaDriftUnknownColumn, "customers", null, "loyalty_tier", null, SqliteStorageClass.Null));
    }

    public static void UnknownTable(DamageContext context)
    {
        context.Execute("""
            CREATE TABLE audit_log (
                id INTEGER NOT NULL,
                account_id VARCHAR(100) NOT NULL,
                action VARCHAR(50) NOT NULL,
                created_at DATETIME NOT NULL,
                PRIMARY KEY (id)
            )
            """);
        context.Execute("""
            INSERT INTO audit_log (id, account_id, action, created_at)
            SELECT id, account_id, 'login', created_at FROM users ORDER BY id LIMIT 3
            """);
        context.Record(new GeneratedDamage(DamageKind.SchemaDriftUnknownTable, "audit_log", null, null, null, SqliteStorageClass.Null));
    }

    /// <summary>Drops <c>payments</c>, the one table no other kind of damage writes to.</summary>
    public static void MissingTable(DamageContext context)
    {
        context.Execute("DROP TABLE payments");
        context.Forget(d => d.Table == "payments");
        context.Record(new GeneratedDamage(DamageKind.SchemaDriftMissingTable, "payments", null, null, null, SqliteStorageClass.Null));
    }

    /// <summary>A revision other than <see cref="BaiSchema.ExpectedAlembicVersion"/>: the file was migrated past (or never reached) the model.</summary>
    public static void UnexpectedAlembicVersion(DamageContext context)
    {
        const string revision = "0f1e2d3c4b5a";
        context.Execute("UPDATE alembic_version SET version_num = $v", ("$v", revision));
        context.Record(new GeneratedDamage(DamageKind.UnexpectedAlembicVersion, "alembic_version", null, "version_num", revision, SqliteStorageClass.Text));
    }
}
