using Arena.Tests.Features.Admin;

namespace Arena.Tests.Features.Agents;

/// <summary>A silo whose <c>Agents</c> bucket holds two messages and hardly refills.</summary>
public sealed class TightChatLimitArena() : AdminArena(Dialect.Sqlite)
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Arena:RateLimits:Groups:Agents:Burst"] = "2";
            settings["Arena:RateLimits:Groups:Agents:PermitsPerSecond"] = "0.001";
            return settings;
        }
    }
}

/// <summary>The per-user chat limit (in-memory token buckets, the same on both dialects).</summary>
public sealed class AgentChatRateLimitTests(TightChatLimitArena arena) : IClassFixture<TightChatLimitArena>
{
    [Fact]
    public async Task Each_user_has_their_own_chat_bucket_and_a_refused_message_is_not_stored()
    {
        var admin = await arena.AdminAsync();
        var bot = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();
        var alice = await arena.Server.RegisterAsync();
        var bob = await arena.Server.RegisterAsync();

        for (var i = 0; i < 2; i++) await (await alice.Client.PostAsJsonAsync($"/api/agents/{bot}/chat", new { message = "hi " + i })).AssertOkJsonAsync();
        var refused = await alice.Client.PostAsJsonAsync($"/api/agents/{bot}/chat", new { message = "one more" });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        await (await bob.Client.PostAsJsonAsync($"/api/agents/{bot}/chat", new { message = "hi" })).AssertOkJsonAsync();
        // Reads are not limited.
        var history = await (await alice.Client.GetAsync($"/api/agents/{bot}/chat")).AssertOkJsonAsync();
        Assert.Equal(4, history["items"]!.AsArray().Count);
    }
}
