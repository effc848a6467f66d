namespace Bai.Core.Data;

using System.Linq.Expressions;
using Bai.Core.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

/// <summary>The rules every tenant table and every reference follow, written once (target-schema.md).</summary>
internal static class TenantModelBuilder
{
    /// <summary>
    /// Key <c>(account_id, id)</c>, account first so every tenant lookup is a range scan; <c>id</c> an identity so
    /// the app can insert without ids; every column's type facets taken from <see cref="BaiSchema"/>.
    /// </summary>
    public static void ConfigureTenant<T>(this EntityTypeBuilder<T> entity, TableSpec table)
        where T : class
    {
        entity.ToTable(table.Name);
        entity.HasKey(PropertyName(BaiSchema.AccountIdColumn), PropertyName(BaiSchema.IdColumn)).HasName($"pk_{table.Name}");
        entity.Property(PropertyName(BaiSchema.IdColumn)).UseIdentityByDefaultColumn();
        entity.ConfigureColumns(table);
    }

    public static void ConfigureColumns<T>(this EntityTypeBuilder<T> entity, TableSpec table)
        where T : class
    {
        foreach (var column in table.Columns)
        {
            var property = entity.Property(PropertyName(column.Name));
            switch (column.Kind)
            {
                case ValueKind.Varchar:
                    property.HasMaxLength(column.MaxLength!.Value);
                    if (column.Name == BaiSchema.AccountIdColumn)
                    {
                        property.UseCollation(BaiSchema.AccountIdCollation);
                    }

                    break;
                case ValueKind.Numeric:
                    property.HasPrecision(column.Precision!.Value, column.Scale!.Value);
                    break;
                case ValueKind.Timestamp:
                    // The legacy values are naive: no time zone is invented for them.
                    property.HasColumnType("timestamp without time zone");
                    break;
            }
        }
    }

    /// <summary>
    /// A legacy <c>X_id</c> becomes the pair <c>(X_account_id, X_id)</c>: a composite foreign key, a CHECK that both are
    /// NULL or set together, a CHECK that the account is the row's own, and the supporting index EF adds for a key.
    /// </summary>
    public static void ConfigureReference<T, TParent>(
        this EntityTypeBuilder<T> entity,
        ReferenceSpec reference,
        Expression<Func<T, TParent?>> navigation,
        Expression<Func<TParent, IEnumerable<T>?>>? inverse = null)
        where T : class
        where TParent : class
    {
        var table = entity.Metadata.GetTableName()!;
        entity.ToTable(t =>
        {
            t.HasCheckConstraint(reference.SameAccountCheck(table), $"{reference.AccountColumn} = account_id");
            if (reference.Nullable)
            {
                t.HasCheckConstraint(
                    $"ck_{table}_{reference.Column}_pair",
                    $"({reference.AccountColumn} IS NULL) = ({reference.Column} IS NULL)");
            }
        });
        var accountProperty = PropertyName(reference.AccountColumn);
        var idProperty = PropertyName(reference.Column);
        entity.Property(accountProperty).HasMaxLength(BaiSchema.AccountIdLength).UseCollation(BaiSchema.AccountIdCollation);
        entity.HasIndex(accountProperty, idProperty).HasDatabaseName($"ix_{table}_{reference.AccountColumn}_{reference.Column}");

        entity.HasOne(navigation)
            .WithMany(inverse)
            .HasForeignKey(accountProperty, idProperty)
            .HasPrincipalKey(nameof(Model.Customer.AccountId), nameof(Model.Customer.Id))
            .IsRequired(!reference.Nullable)
            .OnDelete(reference.CascadeDelete ? DeleteBehavior.Cascade : DeleteBehavior.NoAction)
            .HasConstraintName($"fk_{table}_{reference.Column}");
    }

    /// <summary><c>customer_account_id</c> → <c>CustomerAccountId</c>: the snake-case naming convention, backwards.</summary>
    internal static string PropertyName(string column) =>
        string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
