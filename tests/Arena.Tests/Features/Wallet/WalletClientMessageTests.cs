using Arena.Grains.Auth.Wallet;

namespace Arena.Tests.Features.Wallet;

/// <summary>
/// The standard client flow: the client asks for a bare nonce (GET /api/auth/wallet/nonce) and builds the EIP-4361
/// message itself, as viem does (<see cref="ViemSiweMessage"/>); and every way such a message must be refused.
/// </summary>
public abstract class WalletClientMessageTests(WalletArena arena)
{
    private ArenaServer Server => arena.Server;

    private HttpClient Browser(CookieContainer? cookies = null, string? token = null) => Server.CreateClient(token, cookies ?? new CookieContainer());

    [Fact]
    public async Task A_nonce_names_what_the_message_must_carry_and_comes_with_an_http_only_binding_cookie()
    {
        using var browser = Browser();
        var response = await browser.GetAsync("/api/auth/wallet/nonce");
        var nonce = await response.AssertOkJsonAsync();

        Assert.Equal(Server.BaseAddress.Authority, nonce["domain"]!.GetValue<string>());
        Assert.Equal($"http://{Server.BaseAddress.Authority}", nonce["uri"]!.GetValue<string>());
        Assert.Equal(1, nonce["chainId"]!.GetValue<int>());
        Assert.Equal("Sign in to Arena.", nonce["statement"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9]{22}$", nonce["nonce"]!.GetValue<string>());
        Assert.Equal(nonce["issuedAt"]!.GetValue<DateTimeOffset>() + TimeSpan.FromMinutes(5), nonce["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("arena_wallet_binding=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/auth/wallet", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await Server.CountAsync("SELECT count(*) FROM wallet_nonces WHERE nonce = @n AND address IS NULL AND used_at IS NULL", new { n = nonce["nonce"]!.GetValue<string>() }));
    }

    [Fact]
    public async Task A_viem_built_message_around_a_served_nonce_signs_in()
    {
        var wallet = TestWallet.Create();
        using var browser = Browser();
        var message = ViemSiweMessage.For(await browser.NonceAsync(), wallet).ToString();

        var body = await (await browser.ProveAsync(message, wallet.Sign(message))).AssertOkJsonAsync();
        Assert.Equal([wallet.Address], body["user"]!.Wallets());
        Assert.Equal(43, body["token"]!.GetValue<string>().Length);
        Assert.Equal(1, await Server.CountAsync("SELECT count(*) FROM wallet_connections WHERE address = @a AND action = 'sign_in'", new { a = wallet.Address.ToLowerInvariant() }));
    }

    [Fact]
    public async Task Every_optional_field_viem_writes_is_accepted_and_one_browser_may_hold_several_nonces()
    {
        var wallet = TestWallet.Create();
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);
        var nonces = new[] { await browser.NonceAsync(), await browser.NonceAsync(), await browser.NonceAsync() };
        var binding = Assert.Single(cookies.GetAllCookies());
        var now = DateTimeOffset.UtcNow;
        var messages = new[]
        {
            ViemSiweMessage.For(nonces[0], wallet) with { Statement = null },
            ViemSiweMessage.For(nonces[1], wallet) with
            {
                ExpirationTime = now.AddMinutes(2), NotBefore = now.AddSeconds(-5), RequestId = "req-1",
                Resources = ["https://example.com/terms", "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"],
            },
            ViemSiweMessage.For(nonces[2], wallet) with { Statement = "I accept the Arena terms of service: https://example.com/tos" },
        };

        // Each from a jar holding only the binding: a sign-in's session cookie would make the next proof a link.
        foreach (var message in messages.Select(m => m.ToString()))
        {
            var jar = new CookieContainer();
            jar.Add(binding);
            using var holder = Browser(jar);
            await (await holder.ProveAsync(message, wallet.Sign(message))).AssertOkJsonAsync();
        }
    }

    [Fact]
    public async Task A_client_built_message_failing_any_check_is_refused_and_writes_nothing()
    {
        var wallet = TestWallet.Create();
        using var browser = Browser();
        var nonce = await browser.NonceAsync();
        var valid = ViemSiweMessage.For(nonce, wallet);
        var issuedAt = nonce["issuedAt"]!.GetValue<DateTimeOffset>();
        var challenge = await browser.ChallengeAsync(wallet.Address);
        var before = await Server.WalletSnapshotAsync();

        var refused = new[]
        {
            valid with { Domain = "evil.example" },
            valid with { Uri = "https://evil.example" },
            valid with { ChainId = 5 },
            valid with { ExpirationTime = DateTimeOffset.UtcNow.AddSeconds(-1) },
            valid with { NotBefore = DateTimeOffset.UtcNow.AddMinutes(10) },
            valid with { IssuedAt = issuedAt.AddMinutes(-10) },  // before the nonce existed
            valid with { IssuedAt = issuedAt.AddMinutes(6) },    // after it expires
            valid with { Nonce = "ZZZZZZZZZZZZZZZZZZZZZZ" },      // never issued
            valid with { Nonce = SiweMessage.TryParse(challenge)!.Nonce }, // issued, but for the challenge's exact text
        };
        foreach (var message in refused.Select(m => m.ToString()))
            await (await browser.ProveAsync(message, wallet.Sign(message))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Signed by another key than the message's address.
        await (await browser.ProveAsync(valid.ToString(), TestWallet.Create().Sign(valid.ToString()))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await Server.WalletSnapshotAsync());
        await (await browser.ProveAsync(valid.ToString(), wallet.Sign(valid.ToString()))).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Another_callers_nonce_is_refused()
    {
        var wallet = TestWallet.Create();
        var owner = new CookieContainer();
        using var browser = Browser(owner);
        var message = ViemSiweMessage.For(await browser.NonceAsync(), wallet).ToString();
        var signature = wallet.Sign(message);

        // Without the binding cookie, or with another browser's, the signed message alone is not enough.
        using var noCookie = Server.CreateClient();
        await (await noCookie.ProveAsync(message, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var other = Browser();
        await other.NonceAsync();
        await (await other.ProveAsync(message, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // A signed-in user presenting the right cookie is still not the anonymous caller the nonce was issued to.
        var user = await Server.RegisterAsync();
        using var signedIn = Browser(owner, user.Token);
        await (await signedIn.ProveAsync(message, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await browser.ProveAsync(message, signature)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task A_nonce_served_to_a_signed_in_user_can_only_link_to_that_user()
    {
        var user = await Server.RegisterAsync();
        var wallet = TestWallet.Create();
        var cookies = new CookieContainer();
        using var signedIn = Browser(cookies, user.Token);
        var message = ViemSiweMessage.For(await signedIn.NonceAsync(), wallet).ToString();
        var signature = wallet.Sign(message);

        using var sameJarAnonymous = Browser(cookies);
        await (await sameJarAnonymous.ProveAsync(message, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var linked = await (await signedIn.ProveAsync(message, signature)).AssertOkJsonAsync();
        Assert.Null(linked["token"]);
        Assert.Equal(user.Id.ToString(), linked["user"]!["id"]!.GetValue<string>());
        Assert.Equal([wallet.Address], linked["user"]!.Wallets());
    }

    [Fact]
    public async Task Replaying_a_client_built_message_is_refused_even_when_sent_at_once()
    {
        var wallet = TestWallet.Create();
        using var browser = Browser();
        var message = ViemSiweMessage.For(await browser.NonceAsync(), wallet).ToString();
        var signature = wallet.Sign(message);

        await Server.AssertOnlyOneSignInAsync(browser, wallet, message, signature);
    }

    [Fact]
    public async Task An_expired_nonce_is_refused_and_nonces_count_against_the_challenge_limit()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect), new Dictionary<string, string?>
        {
            ["Arena:Auth:Siwe:NonceLifetime"] = "00:00:01",
            ["Arena:Auth:Siwe:ChallengeLimit"] = "3",
            ["Arena:Auth:Siwe:ChallengeWindow"] = "00:10:00",
        });
        var wallet = TestWallet.Create();
        using var browser = server.CreateClient(cookies: new CookieContainer());
        var message = ViemSiweMessage.For(await browser.NonceAsync(), wallet).ToString();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await (await browser.ProveAsync(message, wallet.Sign(message))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await browser.ChallengeAsync(wallet.Address);
        await browser.NonceAsync();
        await (await browser.GetAsync("/api/auth/wallet/nonce")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        await (await browser.PostAsJsonAsync("/api/auth/wallet/challenge", new { address = wallet.Address })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

public sealed class WalletClientMessageTestsOnSqlite(WalletArenaOnSqlite arena) : WalletClientMessageTests(arena), IClassFixture<WalletArenaOnSqlite>;

public sealed class WalletClientMessageTestsOnPostgres(WalletArenaOnPostgres arena) : WalletClientMessageTests(arena), IClassFixture<WalletArenaOnPostgres>;
