namespace Arena.Tests.Features.Auth;

/// <summary>
/// Failed sign-ins slow down per (account, client address), per address across accounts, and for every failing address
/// once an account is under attack; never for an address with no failures (own silo with low limits; each test is its
/// own client addresses through X-Forwarded-For).
/// </summary>
public abstract class LoginThrottleTests(Dialect dialect) : IAsyncLifetime
{
    private ArenaServer server = null!;

    public async Task InitializeAsync() => server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect), new Dictionary<string, string?>
    {
        ["Arena:Http:TrustForwardedHeaders"] = "true",
        ["Arena:Auth:FailuresBeforeDelay"] = "2",
        // Long enough that a held-back address is still held back at its next request.
        ["Arena:Auth:FirstSignInDelay"] = "00:10:00",
        ["Arena:Auth:MaxFailuresPerAccount"] = "4",
        ["Arena:Auth:MaxFailuresPerAddress"] = "8",
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    private HttpClient From(string address)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string login, string password) =>
        client.PostAsJsonAsync("/api/auth/login", new { login, password });

    private static async Task AssertHeldBackAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
        Assert.True(problem["retryAfterSeconds"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Five_wrong_passwords_from_one_address_hold_back_that_address_but_not_the_owner_at_another()
    {
        var victim = await server.RegisterAsync();
        using var attacker = From("203.0.113.10");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await SignIn(attacker, victim.Email, "wrong password " + i)).StatusCode);

        // Two free failures, the third makes that address wait, and while it waits nothing is checked.
        Assert.Equal(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests }, statuses);
        await AssertHeldBackAsync(await SignIn(attacker, victim.Email, victim.Password));

        using var owner = From("198.51.100.10");
        await (await SignIn(owner, victim.Username, victim.Password)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task An_account_under_attack_from_many_addresses_holds_back_each_failing_address_and_not_a_clean_one()
    {
        var victim = await server.RegisterAsync();
        var attackers = Enumerable.Range(1, 4).Select(i => From($"2001:db8:{i}::1")).ToArray();
        foreach (var attacker in attackers)
            await (await SignIn(attacker, victim.Username, "guess " + Guid.NewGuid().ToString("N"))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Four failures put the account under attack: a second failure from any address now holds it back at once.
        await (await SignIn(attackers[0], victim.Username, "another guess")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await AssertHeldBackAsync(await SignIn(attackers[0], victim.Username, victim.Password));

        // An address with a single failure (the owner's typo) and an address with none still sign in.
        await (await SignIn(attackers[1], victim.Username, victim.Password)).AssertOkJsonAsync();
        using var clean = From("198.51.100.11");
        await (await SignIn(clean, victim.Email, victim.Password)).AssertOkJsonAsync();
        foreach (var attacker in attackers) attacker.Dispose();
    }

    [Fact]
    public async Task A_client_address_is_locked_after_failures_across_many_accounts()
    {
        var user = await server.RegisterAsync();
        using var stuffer = From("203.0.113.20");
        for (var i = 0; i < 8; i++)
            await (await SignIn(stuffer, $"ghost{i}{Guid.NewGuid():N}"[..20], "wrong password")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await AssertHeldBackAsync(await SignIn(stuffer, user.Username, user.Password));
        using var other = From("198.51.100.20");
        await (await SignIn(other, user.Username, user.Password)).AssertOkJsonAsync();
    }

    [Fact]
    public async Task Unknown_and_existing_accounts_are_held_back_alike()
    {
        var user = await server.RegisterAsync();
        foreach (var (login, address) in new[] { (user.Username, "203.0.113.30"), ("nobody" + Guid.NewGuid().ToString("N")[..8], "203.0.113.31") })
        {
            using var client = From(address);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++) statuses.Add((await SignIn(client, login, "wrong password")).StatusCode);
            Assert.Equal(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }, statuses);
        }
    }

    [Fact]
    public async Task A_success_clears_the_address_failures_on_that_account()
    {
        var user = await server.RegisterAsync();
        using var client = From("203.0.113.40");
        for (var i = 0; i < 2; i++) await (await SignIn(client, user.Username, "typo " + i)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await SignIn(client, user.Username, user.Password)).AssertOkJsonAsync();

        // Without the reset this would be the third failure, and the sign-in after it would be held back.
        await (await SignIn(client, user.Username, "one more typo")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await SignIn(client, user.Username, user.Password)).AssertOkJsonAsync();
    }
}

public sealed class LoginThrottleTestsOnSqlite() : LoginThrottleTests(Dialect.Sqlite);

public sealed class LoginThrottleTestsOnPostgres() : LoginThrottleTests(Dialect.Postgres);
