// Signals, /proc, file modes and the embedded PostgreSQL under test are Linux's (CI and the team's machines).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// The tests kill, interrupt and restart processes and measure memory and file descriptors: one at a time, so
// that no other test's process is caught in a scan or a restart, and the soak's numbers are its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
