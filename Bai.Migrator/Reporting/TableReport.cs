namespace Bai.Migrator.Reporting;

/// <summary>One table of a run: <c>Source = Migrated + Rejected</c>. <c>Readers</c>: the threads that read it at once.</summary>
internal sealed record TableReport(string Table, long Source, long Migrated, long Rejected, double Seconds, double RowsPerSecond, int Readers);
