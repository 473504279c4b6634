using Serilog;
using Serilog.Formatting.Json;

namespace Arena.Silo;

/// <summary>
/// Serilog to the console: human-readable by default, one JSON object per line when
/// <c>Arena:Logging:Json=true</c>. Levels come from the <c>Serilog</c> configuration section.
/// Every line logged while a request runs carries its <c>RequestId</c>.
/// </summary>
public static class SiloLogging
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var json = (builder.Configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() ?? new LoggingOptions()).Json;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Information)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Silo", Environment.MachineName);
        configuration = json
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{RequestIdSuffix}{NewLine}{Exception}")
                .Enrich.With<RequestIdSuffix>();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }

    /// <summary>Appends " (req XYZ)" to console lines that belong to a request.</summary>
    private sealed class RequestIdSuffix : Serilog.Core.ILogEventEnricher
    {
        public void Enrich(Serilog.Events.LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory factory)
        {
            var suffix = logEvent.Properties.TryGetValue("RequestId", out var id) ? $" (req {id.ToString().Trim('"')})" : "";
            logEvent.AddPropertyIfAbsent(factory.CreateProperty("RequestIdSuffix", suffix));
        }
    }
}
