using Arena.Grains.Auth.Wallet;

namespace Arena.Tests.Features.Wallet;

/// <summary>Wallet sign-in never names a domain it was not configured for, whatever Host a request carries.</summary>
public abstract class WalletHostTests(WalletArena arena)
{
    private const string Evil = "evil.example";

    [Fact]
    public async Task A_challenge_or_nonce_asked_with_an_unlisted_host_is_400_naming_the_host_and_writes_nothing()
    {
        var wallet = TestWallet.Create();
        using var client = arena.Server.CreateClient(cookies: new CookieContainer());
        var before = await arena.Server.WalletSnapshotAsync();

        foreach (var response in await AskWithHostAsync(client, Evil, wallet))
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "host");
            Assert.Contains(Evil, problem["errors"]!["host"]![0]!.GetValue<string>());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
        Assert.Equal(before, await arena.Server.WalletSnapshotAsync());
        // A listed host other than the one the client used is served, and named.
        var localhost = SiweMessage.TryParse((await (await AskWithHostAsync(client, "localhost", wallet))[0].AssertOkJsonAsync())["message"]!.GetValue<string>())!;
        Assert.Equal(("localhost", "http://localhost"), (localhost.Domain, localhost.Uri));
    }

    [Fact]
    public async Task With_AllowedHosts_star_every_host_is_served_but_wallet_sign_in_names_none_of_them()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect), new Dictionary<string, string?> { ["AllowedHosts"] = "*" });
        var wallet = TestWallet.Create();
        using var client = server.CreateClient(cookies: new CookieContainer());
        using var health = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { Host = Evil } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(health)).StatusCode);

        // "*" admits the host without naming it, so with no Arena:Auth:Siwe:Domain nothing can be put in a message.
        foreach (var response in await AskWithHostAsync(client, Evil, wallet))
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "host");
        foreach (var response in await AskWithHostAsync(client, server.BaseAddress.Authority, wallet))
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "host");
        Assert.Equal(0, await server.CountAsync("SELECT count(*) FROM wallet_nonces"));
    }

    [Fact]
    public async Task A_configured_domain_is_named_whatever_the_host()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect), new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "*",
            ["Arena:Auth:Siwe:Domain"] = "arena.example",
        });
        var wallet = TestWallet.Create();
        using var client = server.CreateClient(cookies: new CookieContainer());
        var responses = await AskWithHostAsync(client, Evil, wallet);
        var challenge = await responses[0].AssertOkJsonAsync();
        var nonce = await responses[1].AssertOkJsonAsync();

        var message = SiweMessage.TryParse(challenge["message"]!.GetValue<string>())!;
        Assert.Equal(("arena.example", "http://arena.example"), (message.Domain, message.Uri));
        Assert.Equal(("arena.example", "http://arena.example"), (nonce["domain"]!.GetValue<string>(), nonce["uri"]!.GetValue<string>()));
        var text = ViemSiweMessage.For(nonce, wallet).ToString();
        await (await client.ProveAsync(text, wallet.Sign(text))).AssertOkJsonAsync();
    }

    /// <summary>A challenge, then a nonce, each asked with <paramref name="host"/> as the Host header.</summary>
    private static async Task<HttpResponseMessage[]> AskWithHostAsync(HttpClient client, string host, TestWallet wallet)
    {
        using var challenge = new HttpRequestMessage(HttpMethod.Post, "/api/auth/wallet/challenge") { Headers = { Host = host }, Content = JsonContent.Create(new { address = wallet.Address }) };
        using var nonce = new HttpRequestMessage(HttpMethod.Get, "/api/auth/wallet/nonce") { Headers = { Host = host } };
        return [await client.SendAsync(challenge), await client.SendAsync(nonce)];
    }
}

public sealed class WalletHostTestsOnSqlite(WalletArenaOnSqlite arena) : WalletHostTests(arena), IClassFixture<WalletArenaOnSqlite>;

public sealed class WalletHostTestsOnPostgres(WalletArenaOnPostgres arena) : WalletHostTests(arena), IClassFixture<WalletArenaOnPostgres>;
