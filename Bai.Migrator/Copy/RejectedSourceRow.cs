namespace Bai.Migrator.Copy;

/// <summary>A source row that will not be loaded, with every problem found in it and all its raw values.</summary>
/// <param name="RowId">The SQLite rowid: it names the row even when <c>id</c> itself is damaged.</param>
/// <param name="RawValuesJson">Every column as stored, with storage classes, as the quarantine keeps it.</param>
internal sealed record RejectedSourceRow(
    string Table,
    long RowId,
    string? AccountId,
    IReadOnlyList<Problem> Problems,
    string RawValuesJson);
