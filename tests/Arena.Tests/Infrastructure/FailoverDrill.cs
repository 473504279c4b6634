using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Net.Http.Headers;
using Dapper;

namespace Arena.Tests.Infrastructure;

public sealed record FailoverSettings(int Silos = 3, int Bots = 30, double TurnIntervalSeconds = 2, bool FastDetection = true);

/// <summary>What one drill measured (seconds are wall time on this machine).</summary>
public sealed record FailoverReport(
    IReadOnlyList<int> Spread,
    int KilledBots,
    double ResumeP50Seconds,
    double ResumeMaxSeconds,
    double RejoinSeconds,
    IReadOnlyList<int> SpreadAfterRejoin,
    int HandedOverBots,
    double HandoverMaxGapSeconds,
    long Turns,
    long Trades,
    int TradesLost,
    int TurnNumberGaps,
    int BooksOutOfBalance);

/// <summary>
/// Failover, as an operator would see it: N silo processes on one PostgreSQL run M bots; one silo is killed with
/// SIGKILL and its bots must trade again on the others; it restarts and rejoins and takes its share back; another is
/// stopped with SIGTERM and must hand its bots over without a detection delay. Throughout, nothing may be committed
/// twice and no trade read before the kill may be lost. Shared by the test suite (fast detection, asserted) and the
/// benchmark program (both settings, printed).
/// </summary>
public static class FailoverDrill
{
    /// <summary>The documented fast-detection settings (docs/operations.md).</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastDetection = new Dictionary<string, string?>
    {
        ["Arena:Cluster:ProbeTimeout"] = "00:00:01",
        ["Arena:Cluster:MaxProbeTimeout"] = "00:00:01",
        ["Arena:Cluster:MissedProbesLimit"] = "2",
        ["Arena:Cluster:TableRefreshTimeout"] = "00:00:02",
    };

    public static async Task<FailoverReport> RunAsync(FailoverSettings settings, TextWriter log, CancellationToken cancellationToken = default)
    {
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        var interval = TimeSpan.FromSeconds(settings.TurnIntervalSeconds);
        var config = new Dictionary<string, string?>
        {
            ["Arena:Bots:TurnInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Arena:Bots:KeeperInterval"] = "00:00:01",
            ["Arena:Market:SymbolRefreshInterval"] = "00:00:01",
        };
        if (settings.FastDetection) foreach (var (key, value) in FastDetection) config[key] = value;
        var admin = ("drill-admin@example.test", "drill-" + Guid.NewGuid().ToString("N"));
        var silos = new List<SiloProcess>();
        try
        {
            var sw = Stopwatch.StartNew();
            var first = new Dictionary<string, string?>(config) { ["ARENA_ADMIN_EMAIL"] = admin.Item1, ["ARENA_ADMIN_PASSWORD"] = admin.Item2 };
            silos.Add(SiloProcess.Start("silo-1", database, first));
            await silos[0].WaitReadyAsync(TimeSpan.FromSeconds(60));
            log.WriteLine($"silo-1 ready in {sw.Elapsed.TotalSeconds:F1} s");
            for (var i = 2; i <= settings.Silos; i++) silos.Add(SiloProcess.Start($"silo-{i}", database, config));
            foreach (var silo in silos) await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
            log.WriteLine($"{settings.Silos} silos ready in {sw.Elapsed.TotalSeconds:F1} s");


            await using var db = database.Open();
            await new Arena.Grains.Market.MarketStore(db, TimeProvider.System).SeedDemoSymbolsAsync(cancellationToken);
            using var client = await SignInAsync(silos[0].BaseAddress, admin.Item1, admin.Item2);
            await PostAsync(client, "/api/admin/providers", new { id = "drill-rules", name = "Drill rules", kind = "rules", strategy = "random_walk" });
            var bots = Enumerable.Range(1, settings.Bots).Select(i => $"drill-{i:D3}").ToArray();
            foreach (var bot in bots)
                await PostAsync(client, "/api/admin/bots", new { id = bot, displayName = bot, providerId = "drill-rules", tradingMode = "paper",
                    initialBalance = 10_000m, maxLeverage = 5, isActive = true, prompt = "Failover drill bot.", promptNote = "drill" });
            await WaitAsync(() => Balanced(silos, bots.Length), "every bot running, spread evenly", TimeSpan.FromSeconds(30), silos);
            var spread = silos.Select(s => s.RunningBots().Count).ToArray();
            log.WriteLine($"bots per silo: {string.Join(" / ", spread)}");

            await WaitForAsync(async () => await CountAsync(db, "SELECT count(*) FROM trades") >= bots.Length, "trades from the bots", TimeSpan.FromSeconds(60));

            // SIGKILL the last silo: its bots must trade again on the others.
            var victim = silos[^1];
            var killedBots = victim.RunningBots().ToArray();
            var tradesBefore = (await db.ReadAsync(c => c.QueryAsync<long>("SELECT id FROM trades"))).ToHashSet();
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();
            var resumed = await ResumedAsync(db, killedBots, killedAt, TimeSpan.FromSeconds(60));
            log.WriteLine($"kill -9 {victim.Name}: its {killedBots.Length} bots traded again after p50 {Median(resumed):F1} s, max {resumed.Max():F1} s");

            // It restarts on the same port and rejoins: the keeper gives it its share back.
            var rejoinStarted = Stopwatch.StartNew();
            silos[^1] = SiloProcess.Start(victim.Name, database, config, victim.SiloPort);
            await silos[^1].WaitReadyAsync(TimeSpan.FromSeconds(60));
            await WaitAsync(() => silos[^1].RunningBots().Count > 0 && silos.Sum(s => s.RunningBots().Count) == bots.Length,
                "the restarted silo running bots again", TimeSpan.FromSeconds(30));
            var rejoin = rejoinStarted.Elapsed.TotalSeconds;
            await Task.Delay(interval * 2, cancellationToken);
            var spreadAfter = silos.Select(s => s.RunningBots().Count).ToArray();
            log.WriteLine($"{victim.Name} restarted and ran bots again after {rejoin:F1} s; bots per silo: {string.Join(" / ", spreadAfter)}");

            // SIGTERM the first silo: a graceful stop hands its bots over, so none waits more than about one turn interval.
            var leaving = silos[0];
            var handedOver = leaving.RunningBots().ToArray();
            var stoppedAt = DateTimeOffset.UtcNow;
            await leaving.StopAsync(TimeSpan.FromSeconds(30));
            await ResumedAsync(db, handedOver, stoppedAt, TimeSpan.FromSeconds(30));
            var gap = await LongestGapAsync(db, handedOver, stoppedAt - interval * 3, DateTimeOffset.UtcNow);
            log.WriteLine($"SIGTERM {leaving.Name}: {handedOver.Length} bots handed over; longest gap between two turns of one of them {gap:F1} s");

            await Task.Delay(interval * 2, cancellationToken);
            foreach (var silo in silos) await silo.DisposeAsync();
            silos.Clear();

            var tradesAfter = (await db.ReadAsync(c => c.QueryAsync<long>("SELECT id FROM trades"))).ToHashSet();
            return new FailoverReport(spread, killedBots.Length, Median(resumed), resumed.Max(), rejoin, spreadAfter, handedOver.Length, gap,
                await CountAsync(db, "SELECT count(*) FROM bot_decisions"), tradesAfter.Count, tradesBefore.Count(t => !tradesAfter.Contains(t)),
                await TurnNumberGapsAsync(db), await BooksOutOfBalanceAsync(db));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    /// <summary>Seconds from <paramref name="since"/> to each bot's first turn committed after it.</summary>
    private static async Task<double[]> ResumedAsync(Arena.Grains.Persistence.Database db, IReadOnlyList<string> bots, DateTimeOffset since, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var firsts = (await db.ReadAsync(c => c.QueryAsync<(string Bot, DateTimeOffset At)>(
                "SELECT bot_id, min(created_at) FROM bot_decisions WHERE created_at > @since GROUP BY bot_id", new { since })))
                .Where(r => bots.Contains(r.Bot)).ToArray();
            if (firsts.Length == bots.Count) return firsts.Select(r => (r.At - since).TotalSeconds).ToArray();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"only {firsts.Length} of {bots.Count} bots traded again within {limit}");
            await Task.Delay(100);
        }
    }

    /// <summary>The longest time between two consecutive turns of any of <paramref name="bots"/> within the window.</summary>
    private static async Task<double> LongestGapAsync(Arena.Grains.Persistence.Database db, IReadOnlyList<string> bots, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = await db.ReadAsync(c => c.QueryAsync<(string Bot, DateTimeOffset At)>(
            "SELECT bot_id, created_at FROM bot_decisions WHERE created_at BETWEEN @from AND @to ORDER BY bot_id, created_at", new { from, to }));
        return rows.Where(r => bots.Contains(r.Bot)).GroupBy(r => r.Bot)
            .Select(g => g.Zip(g.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).DefaultIfEmpty(0).Max())
            .DefaultIfEmpty(0).Max();
    }

    /// <summary>Bots whose turn numbers are not exactly 1..N (a turn committed twice, or lost in the middle).</summary>
    private static Task<int> TurnNumberGapsAsync(Arena.Grains.Persistence.Database db) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM (SELECT bot_id FROM bot_decisions GROUP BY bot_id
                                  HAVING count(*) <> max(turn_number) OR count(DISTINCT turn_number) <> count(*)) AS bad
            """));

    /// <summary>Bots whose free balance plus open margin and entry fees differs from the initial balance plus realized PnL.</summary>
    private static Task<int> BooksOutOfBalanceAsync(Arena.Grains.Persistence.Database db) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM bots b JOIN bot_accounts a ON a.bot_id = b.id
            WHERE b.initial_balance + COALESCE((SELECT sum(realized_pnl) FROM positions p WHERE p.bot_id = b.id AND p.status = 'closed'), 0)
                  <> a.balance + COALESCE((SELECT sum(margin + entry_fee) FROM positions p WHERE p.bot_id = b.id AND p.status = 'open'), 0)
            """));

    private static bool Balanced(IReadOnlyList<SiloProcess> silos, int bots)
    {
        var counts = silos.Select(s => s.RunningBots().Count).ToArray();
        return counts.Sum() == bots && counts.Max() - counts.Min() <= 1;
    }

    private static Task<long> CountAsync(Arena.Grains.Persistence.Database db, string sql) => db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    private static async Task<HttpClient> SignInAsync(Uri baseAddress, string email, string password)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { login = email, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task WaitAsync(Func<bool> condition, string what, TimeSpan limit, IReadOnlyList<SiloProcess>? silos = null) =>
        WaitForAsync(() => Task.FromResult(condition()), what, limit, silos);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan limit, IReadOnlyList<SiloProcess>? silos = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}" + string.Concat((silos ?? []).Select(s =>
                    $"\n--- {s.Name}: runs {s.RunningBots().Count} bots; last lines:\n{string.Join('\n', s.Output.TakeLast(25))}")));
            await Task.Delay(100);
        }
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
