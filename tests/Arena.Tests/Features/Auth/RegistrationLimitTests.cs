using Arena.Grains.Auth;
using Arena.Grains.Persistence;
using Dapper;

namespace Arena.Tests.Features.Auth;

/// <summary>
/// Registration costs a slow password hash, so it is limited per client address (IPv6 per /64) and for all addresses
/// together, and the hashes run in a bounded number of slots (own silo per test with small limits; client addresses
/// through X-Forwarded-For).
/// </summary>
public abstract class RegistrationLimitTests(Dialect dialect) : IAsyncLifetime
{
    private const int PerAddressBurst = 2;
    private const int GlobalBurst = 5;
    private ArenaServer server = null!;

    public async Task InitializeAsync() => server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect), new Dictionary<string, string?>
    {
        ["Arena:Http:TrustForwardedHeaders"] = "true",
        ["Arena:RateLimits:RegistrationPerAddress:Burst"] = PerAddressBurst.ToString(CultureInfo.InvariantCulture),
        // One token per 100 s: nothing refills while a test runs.
        ["Arena:RateLimits:RegistrationPerAddress:PermitsPerSecond"] = "0.01",
        ["Arena:RateLimits:RegistrationGlobal:Burst"] = GlobalBurst.ToString(CultureInfo.InvariantCulture),
        ["Arena:RateLimits:RegistrationGlobal:PermitsPerSecond"] = "0.01",
        ["Arena:Auth:PasswordHashConcurrency"] = "2",
        ["Arena:Auth:PasswordHashWait"] = "00:00:00.2",
    });

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<HttpResponseMessage> RegisterFrom(string address)
    {
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var name = "r" + Guid.NewGuid().ToString("N")[..12];
        return await client.PostAsJsonAsync("/api/auth/register", new { email = $"{name}@example.test", username = name, password = TestUsers.Password });
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.AssertProblemAsync(status);
        var retry = int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.True(retry >= 1);
        Assert.Equal(retry, problem["retryAfterSeconds"]!.GetValue<int>());
    }

    private async Task<long> UserCountAsync()
    {
        await using var connection = await server.GetService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM users");
    }

    [Fact]
    public async Task Registrations_from_one_address_are_limited_and_an_ipv6_client_per_64()
    {
        for (var i = 0; i < PerAddressBurst; i++)
            await (await RegisterFrom("2001:db8:9:1::1")).AssertOkJsonAsync(HttpStatusCode.Created);
        await AssertRefusedAsync(await RegisterFrom("2001:db8:9:1::1"), HttpStatusCode.TooManyRequests);
        await AssertRefusedAsync(await RegisterFrom("2001:db8:9:1:abcd::7"), HttpStatusCode.TooManyRequests);

        await (await RegisterFrom("198.51.100.50")).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(PerAddressBurst + 1, await UserCountAsync());
    }

    [Fact]
    public async Task Registrations_from_all_addresses_together_are_limited_too()
    {
        for (var i = 0; i < GlobalBurst; i++)
            await (await RegisterFrom($"198.51.100.{60 + i}")).AssertOkJsonAsync(HttpStatusCode.Created);

        await AssertRefusedAsync(await RegisterFrom("198.51.100.99"), HttpStatusCode.TooManyRequests);
        await AssertRefusedAsync(await RegisterFrom("2001:db8:77::1"), HttpStatusCode.TooManyRequests);
        Assert.Equal(GlobalBurst, await UserCountAsync());
        // Signing in is not registering: it has its own limits.
        using var client = server.CreateClient();
        await (await client.PostAsJsonAsync("/api/auth/login", new { login = "nobody-here", password = TestUsers.Password })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_every_hashing_slot_taken_registration_and_sign_in_answer_busy_and_write_nothing()
    {
        var slots = server.GetService<PasswordHashingSlots>();
        var held = new List<IDisposable>();
        for (var i = 0; i < slots.Concurrency; i++) held.Add(await slots.EnterAsync() ?? throw new InvalidOperationException("No slot was free."));

        await AssertRefusedAsync(await RegisterFrom("198.51.100.70"), HttpStatusCode.ServiceUnavailable);
        using var client = server.CreateClient();
        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/auth/login", new { login = "someone", password = TestUsers.Password }), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, await UserCountAsync());

        foreach (var slot in held) slot.Dispose();
        await (await RegisterFrom("198.51.100.71")).AssertOkJsonAsync(HttpStatusCode.Created);
    }
}

public sealed class RegistrationLimitTestsOnSqlite() : RegistrationLimitTests(Dialect.Sqlite);

public sealed class RegistrationLimitTestsOnPostgres() : RegistrationLimitTests(Dialect.Postgres);
