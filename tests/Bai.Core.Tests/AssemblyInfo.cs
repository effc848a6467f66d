// The embedded PostgreSQL, file modes and accounts under test are Linux's (CI and the team's machines).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
