using Arena.Grains.Persistence;
using Dapper;

namespace Arena.Tests.Features.Wallet;

/// <summary>A silo whose challenge rate limit does not get in the way of a test class's many challenges.</summary>
public abstract class WalletArena(Dialect dialect) : ArenaFixture(dialect)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Arena:Auth:Siwe:ChallengeLimit"] = "100000" };
}

public sealed class WalletArenaOnSqlite() : WalletArena(Dialect.Sqlite);

public sealed class WalletArenaOnPostgres() : WalletArena(Dialect.Postgres);

/// <summary>A user signed in by a wallet sign-in, with a client presenting the new token.</summary>
public sealed record WalletUser(Guid Id, string Token, HttpClient Client, JsonNode User);

/// <summary>The wallet flows through the real API: challenge, sign, verify.</summary>
public static class WalletFlows
{
    public static async Task<string> ChallengeAsync(this HttpClient client, string address)
    {
        var body = await (await client.PostAsJsonAsync("/api/auth/wallet/challenge", new { address })).AssertOkJsonAsync();
        return body["message"]!.GetValue<string>();
    }

    /// <summary>A bare nonce from GET /api/auth/wallet/nonce; the client's cookie jar keeps the binding cookie that comes with it.</summary>
    public static async Task<JsonNode> NonceAsync(this HttpClient client) =>
        await (await client.GetAsync("/api/auth/wallet/nonce")).AssertOkJsonAsync();

    public static Task<HttpResponseMessage> ProveAsync(this HttpClient client, string message, string signature) =>
        client.PostAsJsonAsync("/api/auth/wallet", new { message, signature });

    /// <summary>Anonymous challenge, signature and verification: the wallet's user, signed in.</summary>
    public static async Task<WalletUser> SignInWithWalletAsync(this ArenaServer server, TestWallet wallet)
    {
        using var anonymous = server.CreateClient();
        var message = await anonymous.ChallengeAsync(wallet.Address);
        var body = await (await anonymous.ProveAsync(message, wallet.Sign(message))).AssertOkJsonAsync();
        var token = body["token"]!.GetValue<string>();
        return new WalletUser(Guid.Parse(body["user"]!["id"]!.GetValue<string>()), token, server.CreateClient(token), body["user"]!);
    }

    /// <summary>Links the wallet to whoever <paramref name="client"/> is signed in as; returns the user.</summary>
    public static async Task<JsonNode> LinkWalletAsync(this HttpClient client, TestWallet wallet)
    {
        var message = await client.ChallengeAsync(wallet.Address);
        var body = await (await client.ProveAsync(message, wallet.Sign(message))).AssertOkJsonAsync();
        Assert.Null(body["token"]);
        return body["user"]!;
    }

    public static string[] Wallets(this JsonNode user) => user["wallets"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray();

    public static async Task<JsonNode> SessionUserAsync(this HttpClient client) =>
        (await (await client.GetAsync("/api/auth/session")).AssertOkJsonAsync())["user"]!;

    /// <summary>Five proofs of one signed message at once, then one more: exactly one signs in, every other gets 401.</summary>
    public static async Task AssertOnlyOneSignInAsync(this ArenaServer server, HttpClient client, TestWallet wallet, string message, string signature)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.ProveAsync(message, signature)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await (await client.ProveAsync(message, signature)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM wallet_connections WHERE address = @a AND action = 'sign_in'", new { a = wallet.Address.ToLowerInvariant() }));
    }

    /// <summary>Counts of what a wallet proof can write: equal before and after means a refusal wrote nothing.</summary>
    public static async Task<string> WalletSnapshotAsync(this ArenaServer server)
    {
        var counts = new List<long>();
        foreach (var sql in new[]
        {
            "SELECT count(*) FROM users", "SELECT count(*) FROM user_wallets", "SELECT count(*) FROM wallet_connections",
            "SELECT count(*) FROM sessions", "SELECT count(*) FROM wallet_nonces", "SELECT count(*) FROM wallet_nonces WHERE used_at IS NOT NULL",
            "SELECT coalesce(sum(version), 0) FROM users",
        })
            counts.Add(await server.CountAsync(sql));
        return string.Join(",", counts);
    }

    public static async Task<long> CountAsync(this ArenaServer server, string sql, object? args = null)
    {
        await using var connection = await server.GetService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }
}
