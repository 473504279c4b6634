using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;
using Serilog.Formatting.Compact;

namespace Arena.Silo;

/// <summary>
/// Serilog to the console: human-readable by default, one JSON object per line (Serilog's compact format, CLEF) when
/// <c>Arena:Logging:Json=true</c>. Levels come from the <c>Serilog</c> configuration section. Every line logged while a
/// request runs carries its <c>RequestId</c>, and each request ends with one summary line (Arena.Api's <c>RequestLog</c>).
/// </summary>
public static class SiloLogging
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var json = (builder.Configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() ?? new LoggingOptions()).Json;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Silo", Environment.MachineName);
        configuration = json
            ? configuration.WriteTo.Console(new RenderedCompactJsonFormatter())
            : configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{RequestIdSuffix}{NewLine}{Exception}")
                .Enrich.With<RequestIdSuffix>();
        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        // The request summary is written by Serilog's middleware straight to this logger; it collects its
        // properties through the diagnostic context.
        builder.Services.AddSingleton(new DiagnosticContext(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(services => services.GetRequiredService<DiagnosticContext>());
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
    }

    /// <summary>Appends " (req XYZ)" to console lines that belong to a request.</summary>
    private sealed class RequestIdSuffix : Serilog.Core.ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory factory)
        {
            var suffix = logEvent.Properties.TryGetValue("RequestId", out var id) ? $" (req {id.ToString().Trim('"')})" : "";
            logEvent.AddPropertyIfAbsent(factory.CreateProperty("RequestIdSuffix", suffix));
        }
    }
}
