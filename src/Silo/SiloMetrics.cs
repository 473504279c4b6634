using Arena.Api.Features.Streams;
using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using Arena.Grains.Providers;
using OpenTelemetry.Metrics;

namespace Arena.Silo;

/// <summary>
/// Prometheus metrics at <c>/metrics</c> (OpenTelemetry): HTTP server duration by route and status, the .NET runtime,
/// Orleans' meters, and Arena's own (engine, streams, providers). Served to admins on the API port, or, with
/// <c>Arena:Management:Port</c>, without sign-in on that port only, which serves nothing else but <c>/health</c>.
/// </summary>
public static class SiloMetrics
{
    public const string OrleansMeter = "Microsoft.Orleans";

    public static void Add(WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(OrleansMeter, EngineMetrics.MeterName, StreamMetrics.MeterName, ProviderMetrics.MeterName)
            .AddPrometheusExporter());
        if (Management(builder.Configuration).Port is not { } port) return;
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var management = $"http://{Management(builder.Configuration).Host}:{port}";
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.IsNullOrEmpty(urls) ? management : $"{urls};{management}");
    }

    /// <summary>Before the API's middleware: the management port answers only its own paths.</summary>
    public static void UseManagementPort(WebApplication app)
    {
        if (Management(app.Configuration).Port is not { } port) return;
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port) return next(context);
            var path = context.Request.Path;
            if (path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health")) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    public static void Map(WebApplication app)
    {
        var scrape = app.MapPrometheusScrapingEndpoint("/metrics");
        if (Management(app.Configuration).Port is { } port) scrape.RequireHost($"*:{port}").AllowAnonymous();
        else scrape.RequireAuthorization(CurrentUser.AdminPolicy);
    }

    public static int? ManagementPort(IConfiguration configuration) => Management(configuration).Port;

    private static ManagementOptions Management(IConfiguration configuration) =>
        configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
}
