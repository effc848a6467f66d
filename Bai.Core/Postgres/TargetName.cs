namespace Bai.Core.Postgres;

using Npgsql;

/// <summary>
/// Which database a run wrote to or compared, without a secret ("database bai_db on db.example:5432"): on the outcome
/// line and in the reports, so a report from a staging server holding several databases says which one it vouches for.
/// </summary>
public static class TargetName
{
    public static string Of(string connectionString)
    {
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        return $"database {parsed.Database} on {parsed.Host}:{parsed.Port}";
    }
}
