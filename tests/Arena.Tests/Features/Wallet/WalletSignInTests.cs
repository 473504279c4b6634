using Arena.Grains.Auth.Wallet;

namespace Arena.Tests.Features.Wallet;

/// <summary>Challenges, wallet sign-in, and every way a proof must be refused.</summary>
public abstract class WalletSignInTests(WalletArena arena)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task A_challenge_names_this_server_the_chain_and_a_fresh_nonce()
    {
        var wallet = TestWallet.Create();
        using var client = Server.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/wallet/challenge", new { address = wallet.Address.ToLowerInvariant() });
        var body = await response.AssertOkJsonAsync();
        var message = SiweMessage.TryParse(body["message"]!.GetValue<string>())!;

        Assert.Equal(Server.BaseAddress.Authority, message.Domain);
        Assert.Equal($"http://{Server.BaseAddress.Authority}", message.Uri);
        Assert.Equal(wallet.Address, message.Address); // EIP-55 even when asked in lower case
        Assert.Equal(1, message.ChainId);
        Assert.Equal("Sign in to Arena.", message.Statement);
        Assert.True(message.Nonce.Length >= 17 && message.Nonce.All(char.IsAsciiLetterOrDigit));
        Assert.Equal(message.IssuedAt + TimeSpan.FromMinutes(5), message.ExpirationTime);
        Assert.Equal(message.ExpirationTime, body["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.NotEqual(message.Nonce, SiweMessage.TryParse(await client.ChallengeAsync(wallet.Address))!.Nonce);
    }

    [Fact]
    public async Task A_challenge_for_a_malformed_address_is_400_naming_address_and_stores_nothing()
    {
        var before = await Server.CountAsync("SELECT count(*) FROM wallet_nonces");
        using var client = Server.CreateClient();
        foreach (var address in new[] { "0x1234", "not an address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "" })
            await (await client.PostAsJsonAsync("/api/auth/wallet/challenge", new { address })).AssertProblemAsync(HttpStatusCode.BadRequest, "address");
        await (await client.PostAsJsonAsync("/api/auth/wallet/challenge", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "address");
        Assert.Equal(before, await Server.CountAsync("SELECT count(*) FROM wallet_nonces"));
    }

    [Fact]
    public async Task A_first_wallet_sign_in_creates_a_user_without_email_or_password_and_a_working_session()
    {
        var wallet = TestWallet.Create();
        var cookies = new CookieContainer();
        using var browser = Server.CreateClient(cookies: cookies);
        var message = await browser.ChallengeAsync(wallet.Address);
        var response = await browser.ProveAsync(message, wallet.Sign(message));

        var body = await response.AssertOkJsonAsync();
        var user = body["user"]!;
        Assert.Equal("wallet_" + wallet.Address[2..10].ToLowerInvariant(), user["username"]!.GetValue<string>());
        Assert.Null(user["email"]);
        Assert.Equal([wallet.Address], user.Wallets());
        Assert.Equal(43, body["token"]!.GetValue<string>().Length);
        Assert.True(body["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(6));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("arena_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // The cookie alone and the token alone both authenticate, as after a password login.
        Assert.Equal(user["id"]!.GetValue<string>(), (await browser.SessionUserAsync())["id"]!.GetValue<string>());
        using var bearer = Server.CreateClient(body["token"]!.GetValue<string>());
        Assert.Equal(user["id"]!.GetValue<string>(), (await bearer.SessionUserAsync())["id"]!.GetValue<string>());
        var sessions = (await (await bearer.GetAsync("/api/auth/sessions")).AssertOkJsonAsync()).AsArray();
        Assert.Equal("wallet", Assert.Single(sessions)!["authMethod"]!.GetValue<string>());
        Assert.Equal(0, await Server.CountAsync("SELECT count(*) FROM users WHERE id = @id AND password_hash IS NOT NULL", new { id = Guid.Parse(user["id"]!.GetValue<string>()) }));
    }

    [Fact]
    public async Task Signing_in_again_with_a_fresh_challenge_reaches_the_same_user()
    {
        var wallet = TestWallet.Create();
        var first = await Server.SignInWithWalletAsync(wallet);
        var second = await Server.SignInWithWalletAsync(wallet);

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(1, await Server.CountAsync("SELECT count(*) FROM user_wallets WHERE address = @a", new { a = wallet.Address.ToLowerInvariant() }));
    }

    [Fact]
    public async Task Two_first_sign_ins_with_one_new_wallet_at_once_make_one_user()
    {
        var wallet = TestWallet.Create();
        var usersBefore = await Server.CountAsync("SELECT count(*) FROM users");
        using var client = Server.CreateClient();
        var messages = new List<string>();
        for (var i = 0; i < 4; i++) messages.Add(await client.ChallengeAsync(wallet.Address));

        var responses = await Task.WhenAll(messages.Select(m => client.ProveAsync(m, wallet.Sign(m))));
        var ids = new HashSet<string>();
        foreach (var response in responses) ids.Add((await response.AssertOkJsonAsync())["user"]!["id"]!.GetValue<string>());

        Assert.Single(ids);
        Assert.Equal(usersBefore + 1, await Server.CountAsync("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task A_signature_from_another_key_is_refused_with_the_generic_answer()
    {
        var wallet = TestWallet.Create();
        using var client = Server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);

        var forged = await (await client.ProveAsync(message, TestWallet.Create().Sign(message))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknownNonce = message.Replace(SiweMessage.TryParse(message)!.Nonce, "ZZZZZZZZZZZZZZZZZZZZZZ");
        var unknown = await (await client.ProveAsync(unknownNonce, wallet.Sign(unknownNonce))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(forged["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editing_the_statement_or_address_after_signing_is_refused()
    {
        var wallet = TestWallet.Create();
        var attacker = TestWallet.Create();
        using var client = Server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);
        var signature = wallet.Sign(message);
        var editedStatement = message.Replace("Sign in to Arena.", "Sign in to Arena and send all my tokens.");

        // The old signature over the edited text recovers some other key.
        await (await client.ProveAsync(editedStatement, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Signed by the right key, the edited text is still not the message that was issued.
        await (await client.ProveAsync(editedStatement, wallet.Sign(editedStatement))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Someone else's address put in and signed by them: not the message issued for that nonce either.
        var swapped = message.Replace(wallet.Address, attacker.Address);
        await (await client.ProveAsync(swapped, attacker.Sign(swapped))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // None of that used the challenge up.
        await (await client.ProveAsync(message, signature)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Hand_made_messages_naming_another_chain_domain_or_uri_are_refused()
    {
        var wallet = TestWallet.Create();
        using var client = Server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);
        var issued = SiweMessage.TryParse(message)!;

        var forgeries = new[]
        {
            (issued with { ChainId = 5 }).Format(),
            (issued with { Domain = "evil.example" }).Format(),
            (issued with { Uri = "https://evil.example" }).Format(),
            (issued with { ExpirationTime = issued.ExpirationTime!.Value.AddDays(1) }).Format(),
            (issued with { Nonce = SiweMessage.NewNonce() }).Format(),
            (issued with { Statement = null }).Format(),
        };
        foreach (var forged in forgeries)
            await (await client.ProveAsync(forged, wallet.Sign(forged))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await client.ProveAsync(message, wallet.Sign(message))).AssertOkJsonAsync();
    }

    [Fact]
    public async Task The_high_s_twin_of_a_valid_signature_is_refused()
    {
        var wallet = TestWallet.Create();
        using var client = Server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);
        var signature = wallet.Sign(message);

        await (await client.ProveAsync(message, TestWallet.Malleate(signature))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.ProveAsync(message, signature)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Replaying_a_successful_proof_is_refused_even_when_sent_at_once()
    {
        var wallet = TestWallet.Create();
        using var client = Server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);
        var signature = wallet.Sign(message);

        await Server.AssertOnlyOneSignInAsync(client, wallet, message, signature);
    }

    [Fact]
    public async Task A_refused_proof_writes_nothing()
    {
        var owner = await Server.SignInWithWalletAsync(TestWallet.Create());
        var wallet = TestWallet.Create();
        var linkedElsewhere = TestWallet.Create();
        await owner.Client.LinkWalletAsync(linkedElsewhere);
        var bystander = await Server.RegisterAsync();
        using var client = Server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);
        var bystanderMessage = await bystander.Client.ChallengeAsync(linkedElsewhere.Address);
        var before = await Server.WalletSnapshotAsync();

        await (await client.ProveAsync(message, TestWallet.Create().Sign(message))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.ProveAsync(message, TestWallet.Malleate(wallet.Sign(message)))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.ProveAsync(message + " ", wallet.Sign(message + " "))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.ProveAsync(message, "0x1234")).AssertProblemAsync(HttpStatusCode.BadRequest, "signature");
        await (await client.PostAsJsonAsync("/api/auth/wallet", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "message", "signature");
        await (await bystander.Client.ProveAsync(bystanderMessage, linkedElsewhere.Sign(bystanderMessage))).AssertProblemAsync(HttpStatusCode.Conflict, "address");

        Assert.Equal(before, await Server.WalletSnapshotAsync());
    }

    [Fact]
    public async Task A_challenge_issued_to_a_signed_in_user_cannot_sign_anyone_in_and_vice_versa()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        var wallet = TestWallet.Create();
        using var anonymous = Server.CreateClient();

        var forAlice = await alice.Client.ChallengeAsync(wallet.Address);
        await (await anonymous.ProveAsync(forAlice, wallet.Sign(forAlice))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await bob.Client.ProveAsync(forAlice, wallet.Sign(forAlice))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var forAnyone = await anonymous.ChallengeAsync(wallet.Address);
        await (await alice.Client.ProveAsync(forAnyone, wallet.Sign(forAnyone))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal([wallet.Address], (await (await alice.Client.ProveAsync(forAlice, wallet.Sign(forAlice))).AssertOkJsonAsync())["user"]!.Wallets());
    }

    [Fact]
    public async Task An_expired_challenge_is_refused()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect),
            new Dictionary<string, string?> { ["Arena:Auth:Siwe:NonceLifetime"] = "00:00:01" });
        var wallet = TestWallet.Create();
        using var client = server.CreateClient();
        var message = await client.ChallengeAsync(wallet.Address);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await (await client.ProveAsync(message, wallet.Sign(message))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Issuing the next challenge prunes the expired one.
        await client.ChallengeAsync(wallet.Address);
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM wallet_nonces"));
    }

    [Fact]
    public async Task Challenges_are_rate_limited_per_client_address()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect),
            new Dictionary<string, string?> { ["Arena:Auth:Siwe:ChallengeLimit"] = "3", ["Arena:Auth:Siwe:ChallengeWindow"] = "00:10:00" });
        var wallet = TestWallet.Create();
        using var client = server.CreateClient();
        for (var i = 0; i < 3; i++) await client.ChallengeAsync(wallet.Address);

        var refused = await client.PostAsJsonAsync("/api/auth/wallet/challenge", new { address = wallet.Address });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(3, await server.CountAsync("SELECT count(*) FROM wallet_nonces"));
    }
}

public sealed class WalletSignInTestsOnSqlite(WalletArenaOnSqlite arena) : WalletSignInTests(arena), IClassFixture<WalletArenaOnSqlite>;

public sealed class WalletSignInTestsOnPostgres(WalletArenaOnPostgres arena) : WalletSignInTests(arena), IClassFixture<WalletArenaOnPostgres>;
