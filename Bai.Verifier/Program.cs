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

// The host handles Ctrl+C and SIGTERM itself (it cancels the checks, which then end with 130).
return await command.Parse(args).InvokeAsync(new() { ProcessTerminationTimeout = null });
