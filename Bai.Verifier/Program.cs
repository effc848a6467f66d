using Bai.Verifier;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Thin on purpose: parse the command line, run the checks in a host with the service defaults, return their exit code.
var command = VerifierCommand.Create((options, cancellationToken) =>
    BaiWorkerHost.RunAsync(
        VerifierTelemetry.Name,
        builder => builder.Services.AddVerifier(options),
        (services, stoppingToken) => services.GetRequiredService<VerificationRunner>().RunAsync(options, stoppingToken),
        Console.Error));

return await BaiCommandLine.InvokeAsync(command, args, Console.Error);
