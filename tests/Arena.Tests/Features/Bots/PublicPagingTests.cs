using Arena.Tests.Bots;

namespace Arena.Tests.Features.Bots;

/// <summary>Cursor walks while the engine keeps trading (turns every 200 ms) and adding rows above the walk.</summary>
public abstract class PublicPagingTests(Dialect dialect) : IAsyncLifetime
{
    private EngineHarness arena = null!;

    public async Task InitializeAsync()
    {
        arena = await EngineHarness.StartAsync(dialect);
        await arena.WithoutSymbolCooldownAsync();
    }

    public async Task DisposeAsync() => await arena.DisposeAsync();

    [Fact]
    public async Task A_walk_serves_every_row_that_existed_when_it_started_exactly_once_while_new_rows_arrive()
    {
        var provider = await arena.RulesProviderAsync("random_walk");
        var bots = new[] { await arena.CreateBotAsync(provider), await arena.CreateBotAsync(provider) };
        var bot = bots[0];
        await EngineHarness.WaitUntilAsync(async () =>
            await arena.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot }) >= 12
            && await arena.CountAsync("SELECT count(*) FROM trades WHERE bot_id = @bot", new { bot }) >= 6, "twelve decisions and six fills");

        using var client = arena.Server.CreateClient();
        foreach (var (path, table) in new[] { ("decisions", "bot_decisions"), ("trades", "trades"), ("positions", "positions") })
        {
            var before = await arena.CountAsync($"SELECT count(*) FROM {table} WHERE bot_id = @bot", new { bot });
            // A pause between pages lets the engine commit more turns (of this bot and the other) during the walk.
            var served = (await client.WalkAsync($"/api/bots/{bot}/{path}", limit: 2, () => Task.Delay(120))).Ids();
            var after = await arena.CountAsync($"SELECT count(*) FROM {table} WHERE bot_id = @bot", new { bot });

            Assert.Equal(served.Distinct().Count(), served.Length);
            Assert.True(served.Zip(served.Skip(1)).All(p => p.First > p.Second), $"{path}: not strictly newest first");
            var expected = await arena.QueryAsync<long>($"SELECT id FROM {table} WHERE bot_id = @bot AND id <= @top ORDER BY id DESC", new { bot, top = served[0] });
            Assert.Equal(expected, served);
            Assert.True(served.Length >= before, $"{path}: the walk lost rows that existed before it");
            // Every turn writes a decision, so that walk always races new rows; fills and positions only sometimes.
            if (table == "bot_decisions") Assert.True(after > before, "no decision arrived during the walk, so it proved nothing");
        }
    }
}

public sealed class PublicPagingTestsOnSqlite() : PublicPagingTests(Dialect.Sqlite);

public sealed class PublicPagingTestsOnPostgres() : PublicPagingTests(Dialect.Postgres);
