namespace Bai.Core.Tests.Schema;

using Bai.Core.Schema;

public sealed class TableSpecTests
{
    [Fact]
    public void OrdinalOf_gives_each_columns_position_and_minus_one_for_a_column_the_table_lacks()
    {
        foreach (var table in BaiSchema.AllTables)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                Assert.Equal(i, table.OrdinalOf(table.Columns[i].Name));
            }
        }

        Assert.Equal(-1, BaiSchema.AlembicVersion.OrdinalOf(BaiSchema.AccountIdColumn));
        Assert.Equal(-1, BaiSchema.Invoices.OrdinalOf("invoice_account_id"));
    }
}
