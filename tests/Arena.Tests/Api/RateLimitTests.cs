using Arena.Api.Infrastructure;
using Arena.Tests.Features.Bots;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;

namespace Arena.Tests.Api;

/// <summary>A silo with small buckets that trusts X-Forwarded-For, so each test can be its own client address.</summary>
public sealed class LimitedArena() : ArenaFixture(Dialect.Sqlite)
{
    public const int AnonymousBurst = 10;
    public const int WriteBurst = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Arena:Http:TrustForwardedHeaders"] = "true",
        ["Arena:RateLimits:Anonymous:Burst"] = AnonymousBurst.ToString(CultureInfo.InvariantCulture),
        // One token per 100 s: nothing refills while a test runs.
        ["Arena:RateLimits:Anonymous:PermitsPerSecond"] = "0.01",
        ["Arena:RateLimits:Writes:Burst"] = WriteBurst.ToString(CultureInfo.InvariantCulture),
        ["Arena:RateLimits:Writes:PermitsPerSecond"] = "0.01",
        ["Arena:RateLimits:Groups:Import:Burst"] = "1",
        ["Arena:RateLimits:Groups:Import:PermitsPerSecond"] = "0.01",
    };
}

public sealed class RateLimitTests(LimitedArena arena) : IClassFixture<LimitedArena>
{
    private ArenaServer Server => arena.Server;

    private HttpClient From(string address)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var retry = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.Parse(retry, CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(int.Parse(retry, CultureInfo.InvariantCulture), problem["retryAfterSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_address_and_an_ipv6_client_per_64()
    {
        using var first = From("2001:db8:7:1::1");
        for (var i = 0; i < LimitedArena.AnonymousBurst; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/market/symbols")).StatusCode);
        await AssertLimitedAsync(await first.GetAsync("/api/market/symbols"));

        using var sameNetwork = From("2001:db8:7:1:ffff::42");
        await AssertLimitedAsync(await sameNetwork.GetAsync("/api/leaderboard"));
        using var otherNetwork = From("2001:db8:7:2::1");
        Assert.Equal(HttpStatusCode.OK, (await otherNetwork.GetAsync("/api/market/symbols")).StatusCode);
        using var ipv4 = From("198.51.100.7");
        Assert.Equal(HttpStatusCode.OK, (await ipv4.GetAsync("/api/market/symbols")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_writes_are_limited_per_user_and_per_feature_and_a_refused_write_changes_nothing()
    {
        var user = await Server.RegisterAsync();
        var other = await Server.RegisterAsync();
        string[] themes = ["dark", "light", "system"];
        foreach (var theme in themes)
            Assert.Equal(HttpStatusCode.OK, (await Patch(user, $$"""{"theme":"{{theme}}"}""")).StatusCode);
        await AssertLimitedAsync(await Patch(user, """{"theme":"dark"}"""));
        Assert.Equal("system", (await user.Client.GetJsonAsync("/api/preferences"))["theme"]!.GetValue<string>());

        // Reads stay open, another user has their own bucket, and another feature has its own.
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/preferences")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Patch(other, """{"theme":"light"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.PutAsJsonAsync("/api/ui-state/panel", new { value = "open" })).StatusCode);
    }

    [Fact]
    public async Task Ui_state_watchlist_insights_and_the_import_are_limited_too()
    {
        var user = await Server.RegisterAsync();
        var writes = new (string Feature, Func<int, Task<HttpResponseMessage>> Send, int Burst)[]
        {
            ("ui-state", n => user.Client.PutAsJsonAsync($"/api/ui-state/k{n}", new { value = n }), LimitedArena.WriteBurst),
            ("watchlist", n => user.Client.PostAsJsonAsync("/api/watchlist", new { symbol = n % 2 == 0 ? "BTCUSDT" : "ETHUSDT" }), LimitedArena.WriteBurst),
            ("insights", n => user.Client.PostAsync($"/api/insights/insight-{n}/dismiss", null), LimitedArena.WriteBurst),
            ("import", _ => user.Client.PostAsJsonAsync("/api/import/local-storage", new { }), 1),
        };
        foreach (var (feature, send, burst) in writes)
        {
            for (var n = 0; n < burst; n++)
            {
                var response = await send(n);
                Assert.True(response.StatusCode != HttpStatusCode.TooManyRequests, $"{feature} write {n} was limited early");
            }
            await AssertLimitedAsync(await send(burst));
        }
    }

    [Fact]
    public void Every_anonymous_route_and_every_signed_in_write_has_a_limit()
    {
        string[] writes = ["POST", "PUT", "PATCH", "DELETE"];
        var endpoints = Server.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EndpointDefinition>() is not null).ToArray();
        Assert.NotEmpty(endpoints);
        var unlimited = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null
                        || (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(writes.Contains) ?? false))
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null)
            .Select(e => e.DisplayName).ToArray();
        Assert.Empty(unlimited);
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64")]
    [InlineData("2001:db8:aa:bb:ffff:ffff:ffff:ffff", "2001:db8:aa:bb::/64")]
    public void A_client_address_is_its_ipv4_address_or_its_ipv6_64(string address, string partition) =>
        Assert.Equal(partition, ClientAddress.Partition(IPAddress.Parse(address)));

    private static Task<HttpResponseMessage> Patch(TestUser user, string json) =>
        user.Client.PatchAsync("/api/preferences", new StringContent(json, System.Text.Encoding.UTF8, "application/merge-patch+json"));
}
