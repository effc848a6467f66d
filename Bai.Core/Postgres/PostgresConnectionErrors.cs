namespace Bai.Core.Postgres;

using System.Net.Sockets;
using Npgsql;

/// <summary>
/// Turns the ways a connection to PostgreSQL fails into one sentence that names the server, says what was expected
/// and how to fix it (data-rules.md, "What the user gets"). Never includes the password.
/// </summary>
public static class PostgresConnectionErrors
{
    /// <summary>
    /// The most connections a run can hold at once: the migrator's ledger connection, plus the verifier's own and one
    /// for each of the five checks that run side by side after the content check (Bai.Verifier alone: 6).
    /// </summary>
    public const int MostConnectionsHeld = 8;

    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (Describe(e, dataSource.ConnectionString) is { } sentence)
        {
            throw new BaiEnvironmentException(sentence, e);
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> means the connection went away under us (the server restarted, crashed or
    /// was shut down, the network dropped), as opposed to a statement the server refused.
    /// </summary>
    public static bool IsConnectionLoss(Exception exception) => exception switch
    {
        // Class 08 (connection exception); 57P01-57P03: terminated by an administrator, a crash, a restart; 57P05: the
        // server's idle_session_timeout ended it.
        PostgresException e => e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState is "57P01" or "57P02" or "57P03" or "57P05",
        NpgsqlException e => e.InnerException is IOException or SocketException or EndOfStreamException || e.IsTransient,
        _ => false,
    };

    /// <summary>The sentence for a connection lost in the middle of the work; <paramref name="consequence"/> says what it means for the data.</summary>
    public static string Lost(Exception exception, string connectionString, string consequence)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var reason = (exception as PostgresException)?.MessageText ?? exception.GetBaseException().Message;
        return $"The connection to PostgreSQL at {target.Host}:{target.Port} was lost ({reason.TrimEnd('.')}); {consequence}.";
    }

    /// <summary>
    /// The sentence for a statement PostgreSQL cancelled at a limit of the session: a <c>statement_timeout</c>, named
    /// by where it came from (<see cref="StatementTimeoutSource"/>), a <c>lock_timeout</c> while another session held a
    /// table, or a <c>temp_file_limit</c> (only a superuser may lift it; the migrator's index builds sort large tables
    /// through temporary files on purpose, see IndexSortMemory). Null for any other error;
    /// <paramref name="consequence"/> says what it means for the data.
    /// </summary>
    /// <param name="connectionString">ConnectionStrings:bai-db (a data source's, without its password, will do): whether
    /// its <c>Options</c> set the <c>statement_timeout</c>.</param>
    public static string? Limit(Exception exception, string connectionString, string consequence) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } e when e.MessageText.Contains("statement timeout", StringComparison.Ordinal) =>
            StatementTimeoutSource.Of(connectionString) is { } setBy
                // The user's own limit: the tools keep it for every statement (StatementLimits), so any may hit it.
                ? $"PostgreSQL cancelled a statement at its statement_timeout; {consequence}; raise or remove the statement_timeout that {setBy} sets, which the tools keep as the user's choice for all their statements."
                // The role's or database's (or the server's): the tools lift it for their own transactions, and keep it
                // on purpose for the verifier's CRUD and plans checks, which show what the application's queries get.
                : $"PostgreSQL cancelled a statement at its statement_timeout; {consequence}; the limit is the role's, the database's or the server's (ConnectionStrings:bai-db's Options set none), which the tools lift for their own work but not for the verifier's CRUD and plans checks, whose queries run under the application's limits on purpose, so raise it until those queries fit within it, or leave those two checks out (Bai.Verifier --checks schema,counts,content,references,isolation,sequences; the migrator with --no-verify).",
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } =>
            $"PostgreSQL gave up waiting for a lock at its lock_timeout: another session is using the BAI tables; {consequence}; end that session, or raise lock_timeout for this user.",
        PostgresException { SqlState: PostgresErrorCodes.ConfigurationLimitExceeded } e when e.MessageText.Contains("temp_file_limit", StringComparison.Ordinal) =>
            $"PostgreSQL stopped a statement at its temp_file_limit ({e.MessageText}); {consequence}; the migrator's index builds and foreign-key checks, and the verifier's checks, sort and join whole tables through temporary files, so raise or remove temp_file_limit for this role or database (a superuser's ALTER ROLE ... SET temp_file_limit = -1).",
        _ => null,
    };

    /// <summary>
    /// The sentence for a write PostgreSQL could not make because its disk is full (the data's, a tablespace's, or its
    /// temporary files'). The rollback gives back what the transaction wrote. Null for any other error.
    /// </summary>
    /// <param name="sourceBytes">The SQLite file's size, from which the space the target needs is estimated.</param>
    public static string? DiskFull(Exception exception, string consequence, long sourceBytes) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } e =>
            $"PostgreSQL ran out of disk space ({e.MessageText}{(e.Where is { } where ? $", at {where}" : "")}); {consequence}; make room on the server's disk, or create the database in a tablespace on a larger one: the migrated tables and indexes take about {TargetToSourceSize:0.#} times the SQLite file, so about {DiskSpace.Describe((long)(sourceBytes * TargetToSourceSize))} for this one, and their index builds need room for their sorts besides.",
        _ => null,
    };

    /// <summary>
    /// The sentence for the verifier's full disk. Its checks write nothing that stays (the CRUD check rolls back), but
    /// their sorts and joins over whole tables spill to temporary files beyond <c>work_mem</c>, on the data directory's
    /// disk or on the tablespaces <c>temp_tablespaces</c> names. Null for any other error.
    /// </summary>
    public static string? TemporaryFilesFull(Exception exception, string consequence) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } e =>
            $"PostgreSQL ran out of disk space ({e.MessageText}); {consequence}; the checks sort and join whole tables, which PostgreSQL spills to temporary files beyond work_mem, so make room on the disk those files go to (the server's data directory, or the tablespaces temp_tablespaces names), or point temp_tablespaces at a tablespace on a larger disk for this role (ALTER ROLE ... SET temp_tablespaces = ...).",
        _ => null,
    };

    /// <summary>
    /// The sentence for a pooler in statement mode (PgBouncer's <c>pool_mode = statement</c>), which refuses every
    /// transaction: the tools' work is transactions (the copy is one, so that a failed run leaves nothing; the run
    /// lock is one; the verifier's reads are read-only ones). Null for any other error.
    /// </summary>
    public static string? StatementPooler(Exception exception, string connectionString)
    {
        if (exception is not PostgresException { SqlState: PostgresErrorCodes.ProtocolViolation } e
            || !e.MessageText.Contains("statement pooling mode", StringComparison.Ordinal))
        {
            return null;
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        return $"ConnectionStrings:bai-db leads to a connection pooler in statement mode at {target.Host}:{target.Port} ({e.MessageText}), which refuses every transaction, and the tools work in transactions; point it at the server itself, or at a pool in transaction or session mode (PgBouncer's pool_mode). Nothing was written.";
    }

    /// <summary>On the 6.33M-row bench file (651 MB), PostgreSQL's database took 1,499 MB after the migration.</summary>
    public const double TargetToSourceSize = 2.3;

    /// <summary>Whether the parameter the server refused at the connection's start is one the Options (or PGOPTIONS) set:
    /// its name, quoted in the server's words, in them ("-c maintenance_work_mem=..."), hyphens for underscores or not.</summary>
    private static bool SetByOptions(PostgresException refused, NpgsqlConnectionStringBuilder target)
    {
        var options = string.IsNullOrEmpty(target.Options) ? Environment.GetEnvironmentVariable("PGOPTIONS") : target.Options;
        if (string.IsNullOrEmpty(options))
        {
            return false;
        }

        var named = System.Text.RegularExpressions.Regex.Match(refused.MessageText, "parameter \"([^\"]+)\"");
        return !named.Success
            || options.Replace('-', '_').Contains(named.Groups[1].Value.Replace('-', '_'), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The sentence for a connection failure, or null when it is not one we recognise.</summary>
    public static string? Describe(Exception exception, string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var server = $"PostgreSQL at {target.Host}:{target.Port}";
        var options = string.IsNullOrEmpty(target.Options) ? "PGOPTIONS" : "ConnectionStrings:bai-db's Options";
        return exception switch
        {
            // Without Password in the connection string, Npgsql takes one from PGPASSWORD or a .pgpass file.
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } when PasswordsBesideTheConnectionString(target) is { } others =>
                $"{server} rejected the password of user '{target.Username}'; fix it where it was given: ConnectionStrings:bai-db's Password, or, when that gives none, {others}.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } =>
                $"{server} rejected the password of user '{target.Username}'; fix the password in ConnectionStrings:bai-db.",
            // Npgsql's own refusal, before it answers the server's request (no SqlState: the server never saw a password).
            NpgsqlException e when e is not PostgresException && e.Message.StartsWith("No password has been provided", StringComparison.Ordinal) =>
                $"{server} requires a password for user '{target.Username}', and ConnectionStrings:bai-db gives none; add Password=... to it (or set PGPASSWORD, or use a .pgpass file).",
            PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } e =>
                $"{server} refused user '{target.Username}' ({e.MessageText}); check the user name and the server's pg_hba.conf.",
            // The settings of Options (or PGOPTIONS) reach the server in the startup packet, which refuses the connection
            // for a typo in one of them; its words name the parameter and the value (not secrets: the password is not there).
            // Describe sees these states only from OpenAsync: the workers' own statements name none of them.
            PostgresException { SqlState: PostgresErrorCodes.InvalidParameterValue or PostgresErrorCodes.UndefinedObject or PostgresErrorCodes.CantChangeRuntimeParam or PostgresErrorCodes.SyntaxError } e
                when SetByOptions(e, target) =>
                $"{server} refused a setting of {options} ({e.MessageText}{Hint(e)}); fix or remove that -c setting.",
            // Npgsql also sends TimeZone, client_encoding and search_path at the start, from their own keywords or PGTZ
            // and PGCLIENTENCODING: a typo there is not the Options' ("Timezone=Europe/Pariss").
            PostgresException { SqlState: PostgresErrorCodes.InvalidParameterValue or PostgresErrorCodes.UndefinedObject } e =>
                $"{server} refused a setting the connection sends at its start ({e.MessageText}{Hint(e)}); fix ConnectionStrings:bai-db's Timezone, Client Encoding or Search Path, or the PGTZ or PGCLIENTENCODING environment variable, whichever gives it.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } e when e.MessageText.StartsWith("permission denied to set parameter", StringComparison.Ordinal) =>
                $"{server} refused a setting of {options} ({e.MessageText}): this user may not set it; remove that -c setting, or have a superuser GRANT SET ON PARAMETER to the user.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                $"{server} has no database '{target.Database}'; create it with setup_postgres.sql (see README) or fix ConnectionStrings:bai-db.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } e =>
                $"User '{target.Username}' lacks a privilege on {server} ({e.MessageText}); grant it (setup_postgres.sql gives bai_user all the tools need; a role that may only read can verify with Bai.Verifier --checks schema,counts,content,references,isolation,plans, leaving out the sequences and CRUD checks, which need more).",
            // A hot standby (a read replica) refuses every write this way, and so does a role or database whose
            // default_transaction_read_only is on: the first CREATE or INSERT says so, whatever it was.
            PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } e =>
                $"{server} refused a write ({e.MessageText}): connections of user '{target.Username}' to database '{target.Database}' are read-only, as on a hot standby (a read replica) or where default_transaction_read_only is on; point ConnectionStrings:bai-db at the primary (with several hosts, Target Session Attributes=primary picks it), or turn that setting off for the role or database.",
            // The server's own words say which limit it was: max_connections, or a role's or database's CONNECTION LIMIT.
            PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } e =>
                $"{server} refused another connection ({e.MessageText}); the tools hold up to {MostConnectionsHeld} at once (Bai.Migrator with its verification), so close other clients, or raise max_connections or the CONNECTION LIMIT of the role or database.",
            PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown } =>
                $"{server} is starting up or shutting down; retry when it is available.",
            NpgsqlException { InnerException: SocketException or TimeoutException } or TimeoutException =>
                $"{server} is unreachable ({exception.GetBaseException().Message.TrimEnd('.')}); start the server or fix Host/Port in ConnectionStrings:bai-db.",
            // A certificate file that is missing or unreadable fails the handshake, or is .NET's IOException naming no setting.
            NpgsqlException or IOException or UnauthorizedAccessException when exception is not PostgresException && CertificateFiles.FirstUnreadable(target) is (var problem, var fix) =>
                $"{problem}, so the TLS connection to {server} could not start; {fix}.",
            // The handshake got as far as the server's certificate, and this client (SslMode VerifyCA/VerifyFull) refused it.
            NpgsqlException { InnerException: System.Security.Authentication.AuthenticationException refused } when refused.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) =>
                $"The TLS handshake with {server} failed: its certificate is not one this client trusts ({refused.Message.TrimEnd('.')}); check that Root Certificate names the authority that signed the server's certificate and that Host is a name the certificate carries.",
            NpgsqlException e when e is not PostgresException && e.InnerException is null or IOException or System.Security.Authentication.AuthenticationException && e.Message.Contains("SSL", StringComparison.OrdinalIgnoreCase) =>
                $"The TLS handshake with {server} failed ({e.Message.TrimEnd('.')}); check SslMode and the certificate options.",
            ArgumentException or FormatException when exception.Message.Contains("connection string", StringComparison.OrdinalIgnoreCase) =>
                "ConnectionStrings:bai-db is not a valid PostgreSQL connection string; see the README for its form.",
            _ => null,
        };
    }

    /// <summary>
    /// Where else the password the server rejected may have come from: <c>PGPASSWORD</c> and the password file Npgsql
    /// reads, those of them that exist; null when neither does, and the password was the connection string's. Npgsql
    /// uses them only when the connection string gives no password, and which it was cannot be told here: a data
    /// source's connection string, which <see cref="OpenAsync"/> reads, leaves out the password the user gave. So the
    /// sentence names them as the alternative; it used to blame them alone, and a DBA with a .pgpass who mistyped the
    /// connection string's password was sent to the wrong place.
    /// </summary>
    private static string? PasswordsBesideTheConnectionString(NpgsqlConnectionStringBuilder target)
    {
        if (target.Password is not null)
        {
            return null;
        }

        var passfile = target.Passfile ?? Environment.GetEnvironmentVariable("PGPASSFILE") ?? DefaultPassfile();
        var others = new List<string>();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGPASSWORD")))
        {
            others.Add("the environment variable PGPASSWORD");
        }

        if (File.Exists(passfile))
        {
            others.Add($"{(others.Count > 0 ? "then " : "")}the password file {passfile}");
        }

        return others.Count == 0 ? null : string.Join(", ", others);
    }

    /// <summary>Where libpq and Npgsql look for a password file when neither the connection string nor PGPASSFILE names one.</summary>
    private static string DefaultPassfile() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "postgresql", "pgpass.conf")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pgpass");

    /// <summary>"; valid units for this parameter are ...": PostgreSQL's hint for a value it cannot read, as part of the sentence.</summary>
    private static string Hint(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.InvalidParameterValue, Hint: { Length: > 0 } hint }
            ? $"; {char.ToLowerInvariant(hint[0])}{hint[1..].TrimEnd('.')}"
            : string.Empty;
}
