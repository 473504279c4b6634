using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Configuration section <c>Arena:Http</c>: which proxies are believed about the client's address and scheme, which
/// foreign origins a browser may call the API from, and how long browsers pin HTTPS. docs/security.md explains each.
/// </summary>
public sealed class HttpOptions
{
    public const string Section = "Arena:Http";

    /// <summary>Honour X-Forwarded-For/-Proto, from loopback and <see cref="KnownProxies"/>/<see cref="KnownNetworks"/> only.</summary>
    public bool TrustForwardedHeaders { get; set; } = true;

    /// <summary>Proxy addresses whose X-Forwarded-* headers are believed, besides loopback.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks (CIDR) whose X-Forwarded-* headers are believed, besides loopback.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Foreign origins (<c>scheme://host[:port]</c>) that may call the API from a browser: CORS with credentials, and cookie writes.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Strict-Transport-Security max-age on HTTPS answers; zero sends none.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Serve /openapi/v1.json and /swagger.</summary>
    public bool ExposeApiDocs { get; set; } = true;

    /// <summary>The configuration mistakes that would silently weaken a defence, one sentence each.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return $"Arena:Http:KnownProxies: '{proxy}' is not an IP address.";
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return $"Arena:Http:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/8).";
        foreach (var origin in AllowedOrigins.Where(o => !IsBareOrigin(o)))
            yield return $"Arena:Http:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], no path, no wildcard).";
        if (HstsMaxAge < TimeSpan.Zero) yield return "Arena:Http:HstsMaxAge must not be negative.";
    }

    /// <summary>The allowed origins in the form <see cref="WebOrigin.Of"/> gives.</summary>
    public IReadOnlySet<string> NormalizedOrigins() =>
        AllowedOrigins.Select(WebOrigin.Of).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Forwarded headers from loopback and the configured proxies only. No forward limit: the chain is walked from the
    /// nearest hop while each hop is a known proxy, so a client cannot prepend an address of its choosing.
    /// </summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = null;
        foreach (var proxy in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }

    private static bool IsBareOrigin(string text) =>
        !text.Contains('*') && Uri.TryCreate(text, UriKind.Absolute, out var uri) && WebOrigin.Of(text) is not null
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}

/// <summary>Refuses to start with an <c>Arena:Http</c> that would silently weaken a defence, naming each mistake.</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options) =>
        options.Problems().ToArray() is { Length: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>Configuration section <c>Arena:Http:BodyLimits</c>: the largest request body a route accepts, by feature folder.</summary>
public sealed class BodyLimitOptions
{
    public const string Section = "Arena:Http:BodyLimits";

    public long Default { get; set; } = 64 * 1024;

    public Dictionary<string, long> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // The import reads a browser's whole localStorage (JsonBody caps it at 4 MiB itself).
        ["Import"] = 4 * 1024 * 1024,
        // A bot prompt is up to 20,000 characters, which JSON escaping can make six times as many bytes.
        ["Admin"] = 256 * 1024,
    };

    public bool IsValid => Default >= 1024 && Groups.Values.All(v => v >= 1024);

    public long For(string? feature) => feature is not null && Groups.TryGetValue(feature, out var limit) ? limit : Default;
}

/// <summary>A web origin as browsers serialize it: <c>scheme://host[:port]</c>, lower case, no default port.</summary>
public static class WebOrigin
{
    /// <summary>The origin of an absolute http(s) URL (an Origin or Referer header, a configured origin); null for anything else, <c>null</c> included.</summary>
    public static string? Of(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri.Scheme + "://" + uri.Authority
            : null;

    /// <summary>The origin a page served by this request's host and scheme has.</summary>
    public static string? OfRequest(HttpRequest request) => Of(request.Scheme + "://" + request.Host.Value);
}
