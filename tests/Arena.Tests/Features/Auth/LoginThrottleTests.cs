namespace Arena.Tests.Features.Auth;

/// <summary>Failed sign-ins are limited per account and per client address (own silo: the limits are lowered).</summary>
public abstract class LoginThrottleTests(Dialect dialect) : IAsyncLifetime
{
    private ArenaServer server = null!;

    public async Task InitializeAsync() => server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect), new Dictionary<string, string?>
    {
        ["Arena:Auth:MaxFailuresPerAccount"] = "3",
        ["Arena:Auth:MaxFailuresPerAddress"] = "8",
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task An_account_is_locked_after_repeated_failures_even_for_the_right_password()
    {
        var user = await server.RegisterAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await client.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = "wrong password" })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var locked = await client.PostAsJsonAsync("/api/auth/login", new { login = user.Email, password = user.Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(locked.Headers.GetValues("Retry-After").Single()) > 0);
    }

    [Fact]
    public async Task A_client_address_is_locked_after_failures_across_many_accounts()
    {
        var user = await server.RegisterAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 8; i++)
            await (await client.PostAsJsonAsync("/api/auth/login", new { login = $"ghost{i}{Guid.NewGuid():N}"[..20], password = "wrong password" })).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await client.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}

public sealed class LoginThrottleTestsOnSqlite() : LoginThrottleTests(Dialect.Sqlite);

public sealed class LoginThrottleTestsOnPostgres() : LoginThrottleTests(Dialect.Postgres);
