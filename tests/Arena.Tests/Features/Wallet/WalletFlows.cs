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

    public static async Task<long> CountAsync(this ArenaServer server, string sql, object? args = null)
    {
        await using var connection = await server.GetService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }
}
