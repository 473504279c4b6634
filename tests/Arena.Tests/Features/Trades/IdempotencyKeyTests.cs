using Arena.Api.Infrastructure;
using Arena.Tests.Features.Admin;

namespace Arena.Tests.Features.Trades;

/// <summary>Idempotency-Key on the money-moving routes (IETF httpapi idempotency-key draft), through quick trades and the wallet.</summary>
public abstract class IdempotencyKeyTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    private async Task<TestUser> TraderAsync()
    {
        arena.Market.Set(("BTCUSDT", 100m), ("ETHUSDT", 50m));
        return await Server.RegisterAsync();
    }

    private static object Order(decimal notional = 200m) => new { symbol = "BTCUSDT", side = "long", notional, leverage = 2 };

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/trades") { Content = JsonContent.Create(body ?? Order()) };
        if (key is not null) request.Headers.TryAddWithoutValidation(IdempotencyConventions.Header, key);
        return await client.SendAsync(request);
    }

    private Task<long> TradesAsync(TestUser user) =>
        Server.ScalarAsync<long>("SELECT count(*) FROM quick_trades WHERE user_id = @id", new { id = user.Id });

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_and_opens_one_trade()
    {
        var user = await TraderAsync();
        var first = await OpenAsync(user.Client, "\"open-1\"");
        var firstBody = (await first.AssertOkJsonAsync(HttpStatusCode.Created)).ToJsonString();
        Assert.False(first.Headers.Contains(IdempotentRequests.ReplayedHeader));

        var again = await OpenAsync(user.Client, "open-1");
        Assert.Equal(firstBody, (await again.AssertOkJsonAsync(HttpStatusCode.Created)).ToJsonString());
        Assert.Equal("true", again.Headers.GetValues(IdempotentRequests.ReplayedHeader).Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await TradesAsync(user));
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_route_is_422_and_runs_nothing()
    {
        var user = await TraderAsync();
        await (await OpenAsync(user.Client, "k-422")).AssertOkJsonAsync(HttpStatusCode.Created);
        var balance = (await (await user.Client.GetAsync("/api/wallet")).AssertOkJsonAsync())["balance"]!.ToJsonString();

        await (await OpenAsync(user.Client, "k-422", Order(300m))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        using var reset = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/reset");
        reset.Headers.Add(IdempotencyConventions.Header, "k-422");
        await (await user.Client.SendAsync(reset)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(1, await TradesAsync(user));
        Assert.Equal(balance, (await (await user.Client.GetAsync("/api/wallet")).AssertOkJsonAsync())["balance"]!.ToJsonString());
    }

    [Fact]
    public async Task Keys_belong_to_their_user()
    {
        var alice = await TraderAsync();
        var bob = await TraderAsync();
        await (await OpenAsync(alice.Client, "shared-key")).AssertOkJsonAsync(HttpStatusCode.Created);
        var bobs = await OpenAsync(bob.Client, "shared-key", Order(300m));
        await bobs.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.False(bobs.Headers.Contains(IdempotentRequests.ReplayedHeader));
        Assert.Equal(1, await TradesAsync(alice));
        Assert.Equal(1, await TradesAsync(bob));
    }

    [Fact]
    public async Task Concurrent_duplicates_run_once_and_the_others_are_told_409_or_replayed()
    {
        var user = await TraderAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OpenAsync(user.Client, "burst")));

        Assert.Equal(1, await TradesAsync(user));
        var ran = answers.Count(a => a.StatusCode == HttpStatusCode.Created && !a.Headers.Contains(IdempotentRequests.ReplayedHeader));
        Assert.Equal(1, ran);
        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await answer.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.NotNull(answer.Headers.RetryAfter);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("has space")]
    [InlineData("\"unterminated")]
    [InlineData("back\\slash")]
    public async Task A_malformed_key_is_400_naming_the_header_and_nothing_is_written(string key)
    {
        var user = await TraderAsync();
        await (await OpenAsync(user.Client, key)).AssertProblemAsync(HttpStatusCode.BadRequest, IdempotencyConventions.Header);
        await (await OpenAsync(user.Client, new string('k', 256))).AssertProblemAsync(HttpStatusCode.BadRequest, IdempotencyConventions.Header);
        Assert.Equal(0, await TradesAsync(user));
        Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task An_expired_key_is_forgotten_and_the_request_runs_again()
    {
        var user = await TraderAsync();
        await (await OpenAsync(user.Client, "old")).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await Server.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE user_id = @id AND key = 'old'", new { id = user.Id }));
        await Server.ExecuteSqlAsync("UPDATE idempotency_keys SET expires_at = @past WHERE user_id = @id",
            new { id = user.Id, past = DateTimeOffset.UtcNow.AddHours(-25) });

        var again = await OpenAsync(user.Client, "old");
        await again.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.False(again.Headers.Contains(IdempotentRequests.ReplayedHeader));
        Assert.Equal(2, await TradesAsync(user));
    }

    [Fact]
    public async Task Without_a_key_each_request_runs()
    {
        var user = await TraderAsync();
        await (await OpenAsync(user.Client, null)).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await OpenAsync(user.Client, null)).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, await TradesAsync(user));
    }

    [Fact]
    public async Task A_refused_request_is_replayed_as_refused_and_writes_nothing()
    {
        var user = await TraderAsync();
        var tooBig = new { symbol = "BTCUSDT", side = "long", notional = 1_000_000m, leverage = 1 };
        var first = await (await OpenAsync(user.Client, "refused", tooBig)).AssertProblemAsync(HttpStatusCode.Conflict);
        var again = await OpenAsync(user.Client, "refused", tooBig);
        Assert.Equal(first.ToJsonString(), (await again.AssertProblemAsync(HttpStatusCode.Conflict)).ToJsonString());
        Assert.Equal("true", again.Headers.GetValues(IdempotentRequests.ReplayedHeader).Single());
        Assert.Equal(0, await TradesAsync(user));
    }
}

public sealed class IdempotencyKeyTestsOnSqlite(SqliteAdminArena arena) : IdempotencyKeyTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class IdempotencyKeyTestsOnPostgres(PostgresAdminArena arena) : IdempotencyKeyTests(arena), IClassFixture<PostgresAdminArena>;
