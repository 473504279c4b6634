using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Arena.Api.Infrastructure;

/// <summary>
/// The host names this server answers to: ASP.NET Core's <c>AllowedHosts</c> setting (';'-separated, ports ignored,
/// <c>*.example.com</c> for subdomains, <c>*</c> for any), by default the loopback names only. A host admitted only
/// by <c>*</c> is not one the operator named, so nothing that names the server to a user (the SIWE domain) comes from it.
/// </summary>
public sealed class AllowedHosts
{
    public const string Key = "AllowedHosts";
    public const string Default = "localhost;127.0.0.1;[::1]";

    private readonly StringSegment[] named;
    private readonly bool any;

    public AllowedHosts(string? setting)
    {
        // The framework's own reading: IDN names in punycode (what Host headers carry); "*", "[::]" and "0.0.0.0" admit any host.
        var entries = (string.IsNullOrWhiteSpace(setting) ? Default : setting)
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(e => new HostString(e).ToUriComponent()).ToArray();
        any = entries.Any(e => e is "*" or "[::]" or "0.0.0.0");
        named = entries.Where(e => e is not ("*" or "[::]" or "0.0.0.0")).Select(e => new StringSegment(e)).ToArray();
    }

    /// <summary>Whether a request with this Host header is served. An empty one is (HTTP/1.0; Kestrel refuses HTTP/1.1 without Host).</summary>
    public bool Admits(string host) => host.Length == 0 || any || Names(host);

    /// <summary>Whether the operator listed this host (a <c>*</c> entry does not count).</summary>
    public bool Names(string host)
    {
        if (host.Length == 0) return false;
        try
        {
            return HostString.MatchesAny(host, named);
        }
        catch (FormatException)
        {
            return false; // a malformed port
        }
    }

    public static string Refusal(string host) => $"This server does not answer to the host '{host}': it is not in AllowedHosts.";
}

public static class AllowedHostsFilter
{
    /// <summary>
    /// Arena filters hosts itself rather than with the framework's HostFilteringMiddleware (which runs before everything
    /// and answers an HTML page), so that a refusal is a problem body like every other 4xx; the framework's is told to admit all.
    /// </summary>
    public static IServiceCollection AddAllowedHosts(this IServiceCollection services)
    {
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        return services.AddSingleton(sp => new AllowedHosts(sp.GetRequiredService<IConfiguration>()[AllowedHosts.Key]));
    }

    /// <summary>
    /// Refuses a request whose Host is not allowed with a 400 problem naming the host, before anything else runs.
    /// <paramref name="exceptPort"/> (the management port) is left alone: scrapers and probes inside the network name
    /// the silo by its container name or address.
    /// </summary>
    public static IApplicationBuilder UseAllowedHosts(this IApplicationBuilder app, int? exceptPort) =>
        app.Use(async (context, next) =>
        {
            var host = context.Request.Headers.Host.ToString();
            if (context.Connection.LocalPort == exceptPort || context.RequestServices.GetRequiredService<AllowedHosts>().Admits(host))
            {
                await next(context);
                return;
            }
            await Rejection.Invalid("host", AllowedHosts.Refusal(host)).ToValidationProblem().ExecuteAsync(context);
        });
}
