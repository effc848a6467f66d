namespace Bai.Migrator.Reporting;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>
/// A rejected row in the report, whole (data-rules.md: "stored whole ... in the migration tool's own schema and in
/// the report"): under <c>--bad-rows fail</c> the report is the only place that keeps it.
/// </summary>
/// <param name="RawValues">Every column as SQLite stored it, with its storage class: the quarantine's <c>raw_values</c>.</param>
internal sealed record RejectedRowReport(
    string Table,
    long RowId,
    string? AccountId,
    IReadOnlyList<Copy.Problem> Problems,
    [property: JsonConverter(typeof(RejectedRowReport.JsonText))] string RawValues)
{
    /// <summary>Writes text that is already JSON (<see cref="Bai.Core.Values.RawValueJson"/>) as JSON, not as a string.</summary>
    private sealed class JsonText : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The report is written, never read back.");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value);
    }
}
