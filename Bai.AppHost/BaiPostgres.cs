using Microsoft.Extensions.Configuration;

namespace Bai.AppHost;

/// <summary>
/// PostgreSQL in a container, provisioned the way a DBA provisions a real server: the repository's
/// <c>setup_postgres.sql</c> run by psql with the <c>bai_password</c> variable, so <c>bai_user</c> is a
/// LOGIN role without SUPERUSER, CREATEDB or CREATEROLE and owns <c>bai_db</c>. The container's bootstrap
/// superuser (<c>postgres</c>, Aspire's generated password) is used only by that script, Aspire's health
/// check and pgAdmin; the workers connect as <c>bai_user</c>.
/// </summary>
/// <remarks>
/// Why not <c>AddDatabase("bai-db", "bai_db")</c>: its connection string always carries the server's
/// bootstrap user, and its creation step runs one statement, so it cannot create the role, the database
/// and the grants. The image's init scripts can, and run before the server accepts TCP connections:
/// https://github.com/docker-library/docs/tree/master/postgres#initialization-scripts
/// </remarks>
internal static class BaiPostgres
{
    private const string InitDirectory = "/docker-entrypoint-initdb.d";

    // Executed (not sourced) by the image's entrypoint on the first start with an empty data directory,
    // as user postgres over the local socket; the entrypoint exports PGPASSWORD for it. ON_ERROR_STOP
    // makes any failure stop the container's initialisation instead of leaving a half-provisioned server.
    private const string InitScript = """
        #!/bin/bash
        set -euo pipefail
        psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
            --set bai_password="$BAI_PASSWORD" \
            --file /docker-entrypoint-initdb.d/bai/setup_postgres.sql

        """;

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static (IResourceBuilder<PostgresServerResource> Server, IResourceBuilder<ConnectionStringResource> Database)
        AddContainer(IDistributedApplicationBuilder builder)
    {
        var setupScript = Path.GetFullPath(
            builder.Configuration["Bai:Postgres:SetupScript"] ?? "../setup_postgres.sql",
            builder.AppHostDirectory);
        if (!File.Exists(setupScript))
        {
            throw new FileNotFoundException(
                $"The PostgreSQL provisioning script '{setupScript}' does not exist. Set Bai:Postgres:SetupScript " +
                "to the repository's setup_postgres.sql.", setupScript);
        }

        // Generated on the first run and kept in the AppHost's user secrets (Parameters:bai-password), so a
        // data volume, whose init scripts never run again, and the password stay in step. Letters and digits
        // only: the value goes into a connection string and a psql variable.
        var baiPassword = builder.AddParameter(
            "bai-password",
            new GenerateParameterDefault { MinLength = 32, Special = false },
            secret: true,
            persist: true);

        var server = builder.AddPostgres("postgres")
            .WithEnvironment("BAI_PASSWORD", baiPassword)
            .WithContainerFiles(InitDirectory,
            [
                new ContainerFile { Name = "10-bai-setup.sh", Contents = InitScript, Mode = Executable },
                // A folder is ignored by the entrypoint, so the script runs only through 10-bai-setup.sh.
                new ContainerDirectory
                {
                    Name = "bai",
                    Entries = [new ContainerFile { Name = "setup_postgres.sql", SourcePath = setupScript }],
                },
            ]);

        if (builder.Configuration.GetValue<bool>("Bai:Postgres:UseDataVolume"))
        {
            server.WithDataVolume();
        }

        if (builder.Configuration.GetValue<bool>("Bai:Postgres:UsePgAdmin"))
        {
            server.WithPgAdmin();
        }

        // Same host and port expressions as PostgresServerResource's own connection string, with the
        // application role instead of the bootstrap superuser.
        var endpoint = server.Resource.PrimaryEndpoint;
        var database = builder.AddConnectionString("bai-db", ReferenceExpression.Create(
                $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};" +
                $"Username=bai_user;Password={baiPassword};Database=bai_db"))
            .WithParentRelationship(server);

        return (server, database);
    }
}
