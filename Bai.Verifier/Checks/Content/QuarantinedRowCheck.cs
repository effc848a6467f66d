namespace Bai.Verifier.Checks.Content;

using Bai.Core.Schema;
using Bai.Core.Values;

/// <summary>
/// The content check's look at a row the run quarantined, which the target rightly lacks: only if the quarantine
/// holds this very source row whole, for a reason the row still has. A quarantine edited after the run (a good row
/// listed and deleted from the target), or a source given with --sqlite that is not the one the run read (its rows
/// repaired since), verified as exact.
/// </summary>
internal static class QuarantinedRowCheck
{
    /// <param name="converts">Whether every value of the row converts (<see cref="SourceRow.Load(Bai.Core.Sqlite.SqliteRowCursor)"/>).</param>
    public static void Check(VerificationContext context, TableSpec table, SourceRow row, QuarantinedRow kept, bool converts)
    {
        var account = AccountKey.ForFinding(row.CountKey);
        if (!Quarantine.Digest(RawValueJson.Serialize(table, row.Raw)).AsSpan().SequenceEqual(kept.RawDigest))
        {
            context.AddFinding(VerifierCheck.Content, table.Name, account, row.RowId, null, null, null,
                "the quarantine's copy of this source row differs from it (the source is not the one the run read, or the quarantine was edited since): the row is neither in the target nor kept whole");
        }
        else if (kept.Codes.Count == 0)
        {
            context.AddFinding(VerifierCheck.Content, table.Name, account, row.RowId, null, null, null,
                "the quarantine holds this source row for no reason: it is missing from the target");
        }
        else if (converts && kept.Codes.All(RejectReasonCodes.IsValueCode))
        {
            context.AddFinding(VerifierCheck.Content, table.Name, account, row.RowId, null, null, null,
                $"the quarantine holds this source row for its values ({string.Join(", ", kept.Codes.Distinct())}), yet every value converts: it belongs in the target (run the migrator again to load it)");
        }
    }
}
