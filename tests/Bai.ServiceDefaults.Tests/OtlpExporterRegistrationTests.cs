namespace Bai.ServiceDefaults.Tests;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

public sealed class OtlpExporterRegistrationTests
{
    private static readonly System.Reflection.Assembly OtlpExporterAssembly = typeof(OtlpExporterOptions).Assembly;

    [Fact]
    public void Without_OTEL_EXPORTER_OTLP_ENDPOINT_no_OTLP_exporter_is_registered()
    {
        var builder = TestHosts.CreateBuilder();

        builder.AddServiceDefaults();

        Assert.DoesNotContain(builder.Services, FromOtlpExporter);
    }

    [Fact]
    public void A_blank_OTEL_EXPORTER_OTLP_ENDPOINT_registers_no_OTLP_exporter()
    {
        var builder = TestHosts.CreateBuilder([new(Extensions.OtlpEndpointKey, "  ")]);

        builder.AddServiceDefaults();

        Assert.DoesNotContain(builder.Services, FromOtlpExporter);
    }

    [Fact]
    public void With_OTEL_EXPORTER_OTLP_ENDPOINT_the_OTLP_exporter_is_registered_for_that_endpoint()
    {
        var builder = TestHosts.CreateBuilder([new(Extensions.OtlpEndpointKey, "http://127.0.0.1:4318")]);

        builder.AddServiceDefaults();

        Assert.Contains(builder.Services, FromOtlpExporter);
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().CurrentValue;
        Assert.Equal(new Uri("http://127.0.0.1:4318"), options.Endpoint);
    }

    /// <summary>Whether a registration names a type of OpenTelemetry.Exporter.OpenTelemetryProtocol, or is made by its code.</summary>
    private static bool FromOtlpExporter(ServiceDescriptor descriptor)
    {
        var implementation = descriptor.IsKeyedService
            ? descriptor.KeyedImplementationType ?? descriptor.KeyedImplementationInstance?.GetType() ?? descriptor.KeyedImplementationFactory?.Method.DeclaringType
            : descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ImplementationFactory?.Method.DeclaringType;
        return Names(descriptor.ServiceType) || Names(implementation);
    }

    private static bool Names(Type? type) =>
        type is not null && (type.Assembly == OtlpExporterAssembly || type.GetGenericArguments().Any(Names));
}
