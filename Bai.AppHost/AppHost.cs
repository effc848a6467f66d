// The Aspire way of running the move: PostgreSQL (a container, or a given server for a staging
// rehearsal), the migrator once PostgreSQL is healthy, and the verifier once the migrator has exited
// with code 0. Both workers get the same two connection strings the console path uses:
// ConnectionStrings:bai-db (Npgsql) and ConnectionStrings:bai-sqlite (Data Source=/abs/path.db).
using System.Data.Common;
using Bai.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// A project resource is a host process started in its own folder, so the SQLite path must be absolute.
// It is not checked here on purpose: a missing file is the migrator's to report (exit code 3).
var sqlitePath = Path.GetFullPath(
    builder.Configuration["Bai:SqlitePath"] ?? "../samples/bai-sample.db",
    builder.AppHostDirectory);
var sqliteConnectionString = new DbConnectionStringBuilder { ["Data Source"] = sqlitePath }.ConnectionString;
var sqlite = builder.AddConnectionString("bai-sqlite", ReferenceExpression.Create($"{sqliteConnectionString}"));

// Staging rehearsal: given ConnectionStrings:bai-db (e.g. the environment variable
// ConnectionStrings__bai-db), use that server as it is and start no container.
IResourceBuilder<IResourceWithConnectionString> baiDb;
IResourceBuilder<PostgresServerResource>? postgres = null;
if (builder.Configuration.GetConnectionString("bai-db") is not null)
{
    baiDb = builder.AddConnectionString("bai-db");
}
else
{
    (postgres, var containerDb) = BaiPostgres.AddContainer(builder);
    baiDb = containerDb;
}

var migrator = builder.AddProject<Projects.Bai_Migrator>("migrator")
    .WithReference(baiDb)
    .WithReference(sqlite);

if (postgres is not null)
{
    // Healthy means the init scripts have run: the image starts its real, TCP-listening server
    // only after /docker-entrypoint-initdb.d, so bai_user and bai_db exist by then.
    migrator.WaitFor(postgres);
}

// Any exit code other than 0 leaves the verifier in FailedToStart: a failed migration is never verified
// as if it had succeeded.
builder.AddProject<Projects.Bai_Verifier>("verifier")
    .WithReference(baiDb)
    .WithReference(sqlite)
    .WaitForCompletion(migrator, exitCode: 0);

builder.Build().Run();
