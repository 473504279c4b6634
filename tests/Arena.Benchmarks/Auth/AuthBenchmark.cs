using System.Net.Http.Json;
using Arena.Grains.Auth;

namespace Arena.Benchmarks.Auth;

public sealed record AuthSettings(int Clients, TimeSpan Measure, int UnboundedSlots);

/// <summary>One phase's figures: the health probe's latency and what the registrations got.</summary>
public sealed record AuthRow(string Slots, string Phase, long Probes, double P50Ms, double P99Ms, double MaxMs, long Created, long Busy, long Other);

/// <summary>
/// What a registration burst costs the rest of the API (issue 9, finding 1): one silo on SQLite with the registration
/// rate limits raised (the test harness's), so every request really hashes; one client probes <c>GET /health/live</c>
/// back to back, first idle, then while C clients from one address register new accounts back to back. Run with the
/// default hashing slots, then with so many that hashing is effectively unbounded. Closed loops over real HTTP on the
/// loopback: the clients share the cores with the silo.
/// </summary>
public sealed class AuthBenchmark(AuthSettings settings, TextWriter log)
{
    public async Task<IReadOnlyList<AuthRow>> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<AuthRow>();
        foreach (var slots in new int?[] { null, settings.UnboundedSlots })
        {
            var config = new Dictionary<string, string?> { ["Arena:Auth:PasswordHashConcurrency"] = slots?.ToString(CultureInfo.InvariantCulture) };
            await using var server = await ArenaServer.StartAsync(DatabaseTarget.NewSqlite(), config);
            var name = slots is null
                ? $"default ({server.GetService<PasswordHashingSlots>().Concurrency})"
                : $"{slots} (unbounded)";
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Clients + 1, UseCookies = false })
            {
                BaseAddress = server.BaseAddress,
                Timeout = TimeSpan.FromSeconds(60),
            };
            // Warm up: JIT, the first hash (and its decoy), the health route.
            await RegisterAsync(client, cancellationToken);
            await ProbeAsync(client, TimeSpan.FromSeconds(1), cancellationToken);

            foreach (var burst in new[] { false, true })
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                long created = 0, busy = 0, other = 0;
                var registering = burst
                    ? Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(async () =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            switch (await RegisterAsync(client, CancellationToken.None))
                            {
                                case HttpStatusCode.Created: Interlocked.Increment(ref created); break;
                                case HttpStatusCode.ServiceUnavailable: Interlocked.Increment(ref busy); break;
                                default: Interlocked.Increment(ref other); break;
                            }
                        }
                    })).ToArray()
                    : [];
                var histogram = await ProbeAsync(client, settings.Measure, cancellationToken);
                await stop.CancelAsync();
                await Task.WhenAll(registering);
                var row = new AuthRow(name, burst ? $"{settings.Clients} clients registering" : "idle", histogram.Count,
                    histogram.PercentileMs(0.5), histogram.PercentileMs(0.99), histogram.MaxMs, created, busy, other);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"slots {row.Slots}, {row.Phase}: /health/live p50 {row.P50Ms:F2} ms, p99 {row.P99Ms:F2} ms; {created} created, {busy} busy, {other} other"));
                rows.Add(row);
            }
        }
        return rows;
    }

    private static async Task<LatencyHistogram> ProbeAsync(HttpClient client, TimeSpan duration, CancellationToken cancellationToken)
    {
        var histogram = new LatencyHistogram();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested)
        {
            var begun = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/health/live", cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            histogram.Record(Stopwatch.GetTimestamp() - begun);
        }
        return histogram;
    }

    private static async Task<HttpStatusCode> RegisterAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var name = "b" + Guid.NewGuid().ToString("N")[..16];
        using var response = await client.PostAsJsonAsync("/api/auth/register",
            new { email = name + "@example.test", username = name, password = "benchmark kettle " + name }, cancellationToken);
        return response.StatusCode;
    }
}
