namespace Bai.Verifier;

using Bai.Core.Ledger;

/// <summary>
/// What the target is compared with: a SQLite file, and the migration run whose quarantine and trace belong to it
/// (null when the database has no completed run, which is only possible with --sqlite).
/// </summary>
internal sealed record VerificationSource(string SqlitePath, RunRecord? Run);
