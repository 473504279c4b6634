using System.Net.Http.Headers;
using Arena.Grains.Auth;

namespace Arena.Benchmarks.Http;

public sealed record HttpSettings(int Bots, int Connections, TimeSpan Warmup, TimeSpan Measure, TimeSpan TurnInterval, string? Postgres);

/// <summary>One route's figures under load.</summary>
public sealed record HttpRow(string Route, long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs, long Errors);

/// <summary>
/// Requests per second and latency of the API while the engine trades: one silo on PostgreSQL, N rule bots taking turns,
/// and C connections (each its own signed-in user) sending requests back to back to one route at a time, each for the
/// measured time after a warm-up on that route. The rate limiters run, with the test harness's limits (far above this load). Closed loop over real HTTP on the loopback, so the client shares the two
/// cores with the silo; the same run of the same client against two builds is what compares them.
/// </summary>
public sealed class HttpBenchmark(HttpSettings settings, TextWriter log)
{
    private static readonly string[] Themes = ["dark", "light", "system"];

    public async Task<IReadOnlyList<HttpRow>> RunAsync(CancellationToken cancellationToken)
    {
        var database = settings.Postgres is { } connection ? new DatabaseTarget(Dialect.Postgres, connection) : await DatabaseTarget.CreateAsync(Dialect.Postgres);
        await using var server = await ArenaServer.StartAsync(database, new Dictionary<string, string?>
        {
            ["Arena:Bots:TurnInterval"] = settings.TurnInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Arena:Bots:KeeperInterval"] = "00:00:01",
            ["Arena:Market:SymbolRefreshInterval"] = "00:00:01",
        });
        log.WriteLine($"silo on {server.BaseAddress} ({database.Provider}); {settings.Bots} bots, {settings.Connections} users");
        var bots = await RuleBots.CreateAsync(server, settings.Bots, cancellationToken);
        var tokens = await CreateUsersAsync(server, cancellationToken);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Connections, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var routes = new (string Name, Func<int, long, HttpRequestMessage> Request)[]
        {
            ("GET /api/leaderboard", (_, _) => new HttpRequestMessage(HttpMethod.Get, "/api/leaderboard")),
            ("GET /api/bots/{id}/trades", (worker, n) => new HttpRequestMessage(HttpMethod.Get, $"/api/bots/{bots[(int)((worker + n) % bots.Count)]}/trades?limit=20")),
            ("PATCH /api/preferences", (worker, n) => new HttpRequestMessage(HttpMethod.Patch, "/api/preferences")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens[worker]) },
                Content = new StringContent($$"""{"theme":"{{Themes[n % Themes.Length]}}"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
            }),
        };
        await Task.Delay(settings.Warmup, cancellationToken);
        var rows = new List<HttpRow>();
        foreach (var (name, request) in routes)
        {
            await LoadAsync(client, request, settings.Warmup / 2, cancellationToken);
            var row = await LoadAsync(client, request, settings.Measure, cancellationToken) with { Route = name };
            log.WriteLine($"{name}: {row.RequestsPerSecond:F0} req/s, p50 {row.P50Ms:F2} ms, p99 {row.P99Ms:F2} ms, {row.Errors} errors");
            rows.Add(row);
        }
        return rows;
    }

    private async Task<HttpRow> LoadAsync(HttpClient client, Func<int, long, HttpRequestMessage> request, TimeSpan duration, CancellationToken cancellationToken)
    {
        var histograms = new LatencyHistogram[settings.Connections];
        long errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Connections).Select(async worker =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            for (long n = 0; Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested; n++)
            {
                var begun = Stopwatch.GetTimestamp();
                using var message = request(worker, n);
                using var response = await client.SendAsync(message, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                histogram.Record(Stopwatch.GetTimestamp() - begun);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = new LatencyHistogram();
        foreach (var h in histograms) all.Add(h);
        return new HttpRow("", all.Count, all.Count / seconds, all.PercentileMs(0.5), all.PercentileMs(0.99), all.MaxMs, errors);
    }

    /// <summary>Accounts made through the service, not the API: registration has its own (much lower) limits.</summary>
    private async Task<IReadOnlyList<string>> CreateUsersAsync(ArenaServer server, CancellationToken cancellationToken)
    {
        var accounts = server.GetService<AccountService>();
        var tokens = new List<string>();
        for (var i = 0; i < settings.Connections; i++)
        {
            var signedIn = await accounts.RegisterAsync($"bench{i}@example.com", $"bench_user_{i:D3}", "benchmark-password-" + i.ToString(CultureInfo.InvariantCulture),
                new ClientInfo("127.0.0.1", "benchmark"), cancellationToken);
            if (!signedIn.IsOk) throw new InvalidOperationException(signedIn.Rejection!.ToString());
            tokens.Add(signedIn.Value!.Session.Token);
        }
        return tokens;
    }
}
