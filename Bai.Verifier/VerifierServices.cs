namespace Bai.Verifier;

using Bai.Verifier.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spectre.Console;

/// <summary>
/// The verifier's services. The host (Bai.ServiceDefaults' AddBaiNpgsql) provides the <c>NpgsqlDataSource</c> and the
/// retrying <c>BaiDbContext</c>; the migrator registers these too, to run the checks after a standalone run.
/// </summary>
internal static class VerifierServices
{
    public static IServiceCollection AddVerifier(this IServiceCollection services, VerifierOptions options)
    {
        services.AddSingleton(options);
        return services.AddVerificationEngine();
    }

    /// <summary>Everything but the options: what the migrator needs to call <see cref="VerificationRunner"/>.</summary>
    public static IServiceCollection AddVerificationEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(ToolConsole.Create());
        services.TryAddSingleton<VerificationReportWriter>();
        services.TryAddSingleton<VerificationRunner>();
        return services;
    }
}
