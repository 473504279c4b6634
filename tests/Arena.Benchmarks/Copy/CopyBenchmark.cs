using Arena.Grains.Bots;
using Arena.Grains.Desk;
using Arena.Grains.Events;
using Arena.Grains.Market;
using Arena.Grains.Persistence;
using Arena.Grains.Trading;
using Arena.Grains.Users;
using Dapper;

namespace Arena.Benchmarks.Copy;

public sealed record CopySettings(int Followers, string? Postgres, bool Sqlite);

/// <summary>The figures of one fill: when its first and its last follower had their ledger row, counted from the fill's commit.</summary>
public sealed record CopyRow(string Database, int Followers, long Mirrored, long Skipped, double FirstMs, double LastMs, double PerSecond);

/// <summary>
/// One silo, one bot, N users each with an active copy run of it (their desks activated by the draft and the publish).
/// The bot's fill is committed to the outbox exactly as its turn writes it (a <c>trade.opened</c> event in the turn's
/// transaction), at the live price; the clock starts when that transaction has committed. The silo's own copy mirror
/// (woken by the event hub) then mirrors it into every follower's desk; the clock stops at the N-th ledger row.
/// </summary>
public sealed class CopyBenchmark(CopySettings settings, TextWriter log)
{
    public async Task<CopyRow> RunAsync(CancellationToken cancellationToken)
    {
        var database = settings.Sqlite ? await DatabaseTarget.CreateAsync(Dialect.Sqlite)
            : settings.Postgres is { } connection ? new DatabaseTarget(Dialect.Postgres, connection) : await DatabaseTarget.CreateAsync(Dialect.Postgres);
        await using var server = await ArenaServer.StartAsync(database, new Dictionary<string, string?> { ["Arena:Bots:RunEngine"] = "false" });
        var botId = (await RuleBots.CreateAsync(server, 1, cancellationToken))[0];
        var market = server.GetService<IMarketFeed>();
        Quote quote;
        while (!market.TryGetQuote("BTCUSDT", out quote)) await Task.Delay(100, cancellationToken);

        var grains = server.GetService<IGrainFactory>();
        var created = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Followers), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var id = Guid.CreateVersion7();
                Check((await grains.GetGrain<IUserGrain>(id).Register(new NewAccount(null, $"follower_{i:D5}_{id.ToString("N")[..6]}", null))).Rejection);
                var desk = grains.GetGrain<ICopyDesk>(id);
                var run = await desk.DraftCopyRun(new CopyRunDraft(botId, "fixed", null, 100m, 5, 5, 10_000, null));
                Check(run.Rejection);
                Check((await desk.ChangeCopyRun(run.Value!.Id, CopyRunCommand.Publish)).Rejection);
            });
        log.WriteLine($"{settings.Followers} followers with active runs on {database.Provider} in {created.Elapsed.TotalSeconds:F1} s");

        var tradeId = 1_000_000_000L;
        var store = server.GetService<Database>();
        await store.InTransactionAsync(tx => EventOutbox.AppendAsync(tx, [EventDraft.Public(BotEvents.TradeOpened,
            new BotEvents.TradeOpenedEvent(botId, tradeId, tradeId, "BTCUSDT", "LONG", 1m, quote.Price, 10, quote.Price / 10, 0m, null, null, quote.Price * 0.9m), botId)],
            DateTimeOffset.UtcNow), cancellationToken);
        var clock = Stopwatch.StartNew();
        double? first = null;
        long done;
        while (true)
        {
            done = await store.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM copy_trade_fills WHERE source_trade_id = @tradeId", new { tradeId }), cancellationToken);
            if (done > 0) first ??= clock.Elapsed.TotalMilliseconds;
            if (done >= settings.Followers || clock.Elapsed > TimeSpan.FromMinutes(2)) break;
            await Task.Delay(5, cancellationToken);
        }
        var last = clock.Elapsed.TotalMilliseconds;
        var mirrored = await store.ReadAsync(c => c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM copy_trade_fills WHERE source_trade_id = @tradeId AND outcome = 'mirrored'", new { tradeId }), cancellationToken);
        log.WriteLine($"{done} of {settings.Followers} followers decided in {last:F0} ms ({mirrored} mirrored)");
        return new CopyRow(database.Provider, settings.Followers, mirrored, done - mirrored, first ?? last, last, done / (last / 1000));
    }

    private static void Check(Arena.Grains.Common.Rejection? rejection)
    {
        if (rejection is not null) throw new InvalidOperationException(rejection.ToString());
    }
}
