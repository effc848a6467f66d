using System.Text;
using System.Text.RegularExpressions;
using Bai.Core.Schema;

namespace Bai.SampleData.Tests;

/// <summary>A clean file is what the Python backend wrote on a good day: every value loads as it is.</summary>
public sealed partial class CleanFileTests : IClassFixture<CleanFileTests.CleanFile>
{
    private readonly CleanFile _file;

    public CleanFileTests(CleanFile file) => _file = file;

    public static TheoryData<string, string> References
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var table in BaiSchema.TenantTables)
            {
                foreach (var reference in table.References)
                {
                    data.Add(table.Name, reference.Column);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(References))]
    public void Every_reference_points_at_an_existing_row_of_the_same_account(string table, string column)
    {
        var parent = BaiSchema.Table(table).ReferenceFor(column)!.ParentTable;

        var broken = SqliteFile.Scalar<long>(_file.Path, $"""
            SELECT count(*) FROM {table} c LEFT JOIN {parent} p ON p.id = c.{column}
            WHERE c.{column} IS NOT NULL AND (p.id IS NULL OR p.account_id <> c.account_id)
            """);
        var used = SqliteFile.Scalar<long>(_file.Path, $"SELECT count({column}) FROM {table}");

        Assert.Equal(0L, broken);
        Assert.True(used > 0, $"{table}.{column} is never set, so the check proves nothing");
    }

    [Fact]
    public void Every_value_follows_the_SQLAlchemy_storage_conventions_and_fits_its_target_type()
    {
        foreach (var table in BaiSchema.AllTables)
        {
            foreach (var (id, row) in SqliteFile.ReadTable(_file.Path, table))
            {
                for (var i = 0; i < row.Length; i++)
                {
                    var column = table.Columns[i];
                    Assert.True(Conforms(column, row[i]), $"{table.Name}#{id}.{column.Name} = {row[i]}");
                }
            }
        }
    }

    [Fact]
    public void Nullable_columns_hold_nulls_and_names_hold_non_ASCII_text()
    {
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM items WHERE category_id IS NULL") > 0);
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM invoices WHERE created_by_id IS NULL") > 0);
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM payments WHERE invoice_id IS NULL") > 0);
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM payments WHERE customer_id IS NULL") > 0);
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM item_categories WHERE parent_id IS NOT NULL") > 0);
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM customers WHERE length(name) < length(CAST(name AS BLOB))") > 0);
        Assert.True(SqliteFile.Scalar<long>(_file.Path, "SELECT count(*) FROM invoice_items WHERE typeof(unit_price) = 'integer'") > 0);
        Assert.Equal(100L, SqliteFile.Scalar<long>(_file.Path, "SELECT max(length(account_id)) FROM invoices"));
    }

    private static bool Conforms(ColumnSpec column, SqliteCell cell)
    {
        if (cell.StorageClass == SqliteStorageClass.Null)
        {
            return column.Nullable;
        }

        var text = cell.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
        return column.Kind switch
        {
            ValueKind.BigInt or ValueKind.Integer => cell.StorageClass == SqliteStorageClass.Integer,
            ValueKind.Boolean => cell.StorageClass == SqliteStorageClass.Integer && cell.Value is 0L or 1L,
            ValueKind.Varchar => text is not null && text.Length <= column.MaxLength,
            ValueKind.Text => text is not null,
            ValueKind.Date => text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", out _),
            ValueKind.Timestamp => text is not null && TimestampPattern().IsMatch(text) && DateTime.TryParse(text, out _),
            ValueKind.Numeric => cell.Value switch
            {
                long => true,
                // The nearest double to a decimal of the column's scale (data-rules.md: faithful).
                double d => Math.Round(d, column.Scale!.Value) == d,
                _ => false,
            },
            _ => false,
        };
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$")]
    private static partial Regex TimestampPattern();

    public sealed class CleanFile : IDisposable
    {
        private readonly TempFolder _temp = new();

        public CleanFile() => Path = SampleGenerator.GenerateAsync(_temp.File("clean.db"),
            new SampleOptions { Accounts = 3, InvoicesPerAccount = 60 }, CancellationToken.None).GetAwaiter().GetResult().Path;

        public string Path { get; }

        public void Dispose() => _temp.Dispose();
    }
}
