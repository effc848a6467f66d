using System.Text.Json;
using Bai.Core.Schema;
using Bai.Core.Values;

namespace Bai.Core.Tests.Values;

/// <summary>
/// <see cref="RawValueJson.Read"/> gives back the value a quarantine cell holds, as SQLite stored it: the verifier
/// converts a quarantined row's id from it, as the migrator converted the source's.
/// </summary>
public sealed class RawValueJsonTests
{
    public static TheoryData<object?> StoredValues => new()
    {
        null,
        0L,
        long.MinValue,
        long.MaxValue,
        -0.0,
        12.5,
        double.Epsilon,
        double.PositiveInfinity,
        double.NaN,
        "",
        "N/A",
        "12",
        "Grüße, \"quoted\" \\ and \u2028",
    };

    [Theory]
    [MemberData(nameof(StoredValues))]
    public void A_value_written_to_the_quarantine_reads_back_as_itself(object? stored)
    {
        var raw = Raw.Of(stored);

        Assert.Equal(raw, RawValueJson.Read(IdCell(raw)));
    }

    /// <summary>Kept as hex: no conversion accepts them in an id, so nothing is read back.</summary>
    [Fact]
    public void A_blob_or_text_kept_as_hex_reads_back_as_nothing()
    {
        Assert.Null(RawValueJson.Read(IdCell(RawValue.FromBlob([1, 2]))));
        Assert.Null(RawValueJson.Read(IdCell(RawValue.FromText("a\0b"))));
        Assert.Null(RawValueJson.Read(IdCell(RawValue.FromTextBytes([0xC3, 0x28]))));
    }

    [Theory]
    [InlineData("""{"type": "integer", "value": "12.5"}""")]
    [InlineData("""{"type": "integer"}""")]
    [InlineData("""{"value": "12"}""")]
    [InlineData("""{"type": "date", "value": "12"}""")]
    [InlineData("""12""")]
    public void A_cell_not_in_the_quarantines_form_reads_back_as_nothing(string cell)
    {
        using var document = JsonDocument.Parse(cell);

        Assert.Null(RawValueJson.Read(document.RootElement));
    }

    private static JsonElement IdCell(RawValue id)
    {
        var table = BaiSchema.Payments;
        var values = new RawValue[table.Columns.Count];
        values[0] = id;
        using var document = JsonDocument.Parse(RawValueJson.Serialize(table, values));
        return document.RootElement.GetProperty("id").Clone();
    }
}
