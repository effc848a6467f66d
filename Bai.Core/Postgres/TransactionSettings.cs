namespace Bai.Core.Postgres;

/// <summary>
/// The tools change a few planner and sort settings for their own transaction (<c>set_config(..., true)</c>), where
/// they measured faster than the server's defaults. A value the user gave on the connection string
/// (<c>Options=-c name=value</c>, source <c>client</c>) or with SET (source <c>session</c>) is the user's choice and
/// stays as it is.
/// </summary>
public static class TransactionSettings
{
    /// <summary>A <c>pg_settings</c> condition: the setting's value did not come from the user's connection.</summary>
    public const string NotSetByUser = "source NOT IN ('client', 'session')";
}
