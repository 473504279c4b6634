using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Threading.RateLimiting;
using FastEndpoints;
using Microsoft.AspNetCore.RateLimiting;

namespace Arena.Api.Infrastructure;

/// <summary>A token bucket: up to <see cref="Burst"/> requests at once, refilled at <see cref="PermitsPerSecond"/>.</summary>
public sealed class TokenBucket
{
    public int Burst { get; set; }

    public double PermitsPerSecond { get; set; }

    public bool IsValid => Burst >= 1 && PermitsPerSecond > 0;

    public TokenBucketRateLimiterOptions ToLimiterOptions()
    {
        // Whole tokens per period: one token every 1/rate seconds below one per second, else ⌈rate⌉ per second.
        var perSecond = PermitsPerSecond >= 1;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = perSecond ? (int)Math.Ceiling(PermitsPerSecond) : 1,
            ReplenishmentPeriod = perSecond ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / PermitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}

/// <summary>
/// <c>Arena:RateLimits</c>: every anonymous route is limited per client address (an IPv6 client per /64), every
/// signed-in write per user, by the bucket of its feature (<see cref="Groups"/>, keyed by the feature folder:
/// Preferences, UiState, Watchlist, Insights, Import, Agents, Notifications, Profile, Auth, Wallet, Activity, Admin, ...) or
/// <see cref="Writes"/>. The buckets live in each silo's memory: behind a balancer that spreads one client over N
/// silos, it gets up to N times the rate.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Arena:RateLimits";

    public TokenBucket Anonymous { get; set; } = new() { Burst = 120, PermitsPerSecond = 20 };

    public TokenBucket Writes { get; set; } = new() { Burst = 60, PermitsPerSecond = 10 };

    /// <summary>Registrations per client address: each costs a deliberately slow password hash. Five, then one per 10 minutes.</summary>
    public TokenBucket RegistrationPerAddress { get; set; } = new() { Burst = 5, PermitsPerSecond = 1.0 / 600 };

    /// <summary>Registrations from all addresses together (per silo): what a burst from many addresses can cost at most.</summary>
    public TokenBucket RegistrationGlobal { get; set; } = new() { Burst = 20, PermitsPerSecond = 1 };

    public Dictionary<string, TokenBucket> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // A whole localStorage document per call, written in one transaction: a handful per minute is plenty.
        ["Import"] = new() { Burst = 5, PermitsPerSecond = 0.2 },
        // Each agent chat message is a provider call (seconds, and tokens): a short burst, then one every 5 s.
        ["Agents"] = new() { Burst = 5, PermitsPerSecond = 0.2 },
    };

    public bool IsValid => Anonymous.IsValid && Writes.IsValid && RegistrationPerAddress.IsValid && RegistrationGlobal.IsValid
        && Groups.Values.All(g => g.IsValid);

    public TokenBucket For(string group) => Groups.GetValueOrDefault(group) ?? Writes;
}

/// <summary>The rate-limit policies and how each endpoint gets one; over a limit the answer is a 429 problem with Retry-After.</summary>
public static class RateLimits
{
    public const string AnonymousPolicy = "anonymous";

    public const string WritesPolicy = "writes";

    /// <summary>Account creation: per client address and, behind that, one bucket for all addresses (<see cref="RegistrationBuckets"/>).</summary>
    public const string RegistrationPolicy = "registration";

    private static readonly string[] WriteVerbs = ["POST", "PUT", "PATCH", "DELETE"];

    public static void AddArenaPolicies(this RateLimiterOptions options)
    {
        options.AddPolicy(AnonymousPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
            ClientAddress.Partition(context.Connection.RemoteIpAddress),
            _ => Settings(context).Anonymous.ToLimiterOptions()));
        // One bucket per (feature, user): a burst of watchlist edits does not use up the user's preference writes.
        options.AddPolicy(WritesPolicy, context =>
        {
            var group = context.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>()?.EndpointType is { } type ? GroupOf(type) : "Api";
            var caller = context.User.UserIdOrNull()?.ToString("N") ?? ClientAddress.Partition(context.Connection.RemoteIpAddress);
            return RateLimitPartition.GetTokenBucketLimiter(group + "/" + caller, _ => Settings(context).For(group).ToLimiterOptions());
        });
        // The address's own bucket first: an address over its limit is refused without spending the shared bucket's tokens.
        options.AddPolicy(RegistrationPolicy, context => RateLimitPartition.Get(
            ClientAddress.Partition(context.Connection.RemoteIpAddress),
            _ => new SharedBucketLimiter(
                new TokenBucketRateLimiter(Settings(context).RegistrationPerAddress.ToLimiterOptions()),
                context.RequestServices.GetRequiredService<RegistrationBuckets>().Global)));
    }

    /// <summary>
    /// The policy an endpoint gets, chosen from what it declares so none can be forgotten: its own
    /// (<see cref="RateLimitedAttribute"/>), else anonymous routes are limited per address, signed-in writes per user in
    /// their feature's bucket; signed-in reads are not limited.
    /// </summary>
    public static void Apply(EndpointDefinition endpoint)
    {
        var policy = endpoint.EndpointType.GetCustomAttribute<RateLimitedAttribute>()?.Policy
            ?? (endpoint.AnonymousVerbs is { Length: > 0 } ? AnonymousPolicy
            : endpoint.Verbs.Any(v => WriteVerbs.Contains(v, StringComparer.OrdinalIgnoreCase)) ? WritesPolicy
            : null);
        if (policy is null) return;
        endpoint.Options(b => b.RequireRateLimiting(policy));
        endpoint.Rejects(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The feature folder of an endpoint type: Arena.Api.Features.Admin.Bots.CreateBot → Admin.</summary>
    public static string GroupOf(Type endpointType)
    {
        var parts = (endpointType.Namespace ?? "").Split('.');
        var features = Array.IndexOf(parts, "Features");
        return features >= 0 && features + 1 < parts.Length ? parts[features + 1] : "Api";
    }

    // The limiter asks for a partition's options once, when it first sees the partition.
    private static RateLimitOptions Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
}

/// <summary>An endpoint's own rate-limit policy, instead of the one <see cref="RateLimits.Apply"/> would choose.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RateLimitedAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}

/// <summary>The registration bucket every client address shares, one per silo (the container disposes it).</summary>
public sealed class RegistrationBuckets(IOptions<RateLimitOptions> options) : IDisposable
{
    public RateLimiter Global { get; } = new TokenBucketRateLimiter(options.Value.RegistrationGlobal.ToLimiterOptions());

    public void Dispose() => Global.Dispose();
}

/// <summary>
/// A partition's own limiter chained with one it shares with every partition: a permit needs both, its own first. The
/// partitioned limiter disposes this when the partition goes idle; that disposes the own limiter, never the shared one.
/// </summary>
public sealed class SharedBucketLimiter(RateLimiter own, RateLimiter shared) : RateLimiter
{
    private readonly RateLimiter chain = CreateChained(own, shared);

    public override TimeSpan? IdleDuration => own.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => own.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => chain.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        chain.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            chain.Dispose();
            own.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Who a client is for per-address limits: its IPv4 address, or the /64 of its IPv6 address (one subscriber's usual allocation).</summary>
public static class ClientAddress
{
    public static string Partition(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
