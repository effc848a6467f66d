using Bai.Migrator;

return await MigratorEntryPoint.RunAsync(args);
