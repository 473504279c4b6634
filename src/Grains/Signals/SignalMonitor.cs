using Arena.Grains.Market;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Signals;

/// <summary>
/// Keeps the signals' status current as the market moves, on every silo: the active signals live in memory (reloaded
/// from their partial index every <see cref="RefreshInterval"/>, which is how new ones and ones moved elsewhere arrive),
/// every tick is checked against them (<see cref="SignalRules.StatusAt"/>, pure), and so is the clock at least once a
/// refresh interval, so a horizon passes even when no price moves. A crossing is written by
/// <see cref="SignalStore.MoveAsync"/>, whose conditional UPDATE lets exactly one silo (or the bot's own close) win; the
/// others change nothing and publish nothing.
/// </summary>
public sealed partial class SignalMonitor(SignalStore store, IMarketFeed market, TimeProvider clock, ILogger<SignalMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private IReadOnlyList<SignalView> active = [];
    private readonly HashSet<long> moved = [];
    private DateTimeOffset loadedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = market.Subscribe(capacity: 16);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                MarketTick? tick = null;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    wait.CancelAfter(RefreshInterval);
                    try
                    {
                        tick = await subscription.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                    }
                }
                var now = clock.GetUtcNow();
                if (now - loadedAt >= RefreshInterval)
                {
                    active = await store.ActiveAsync(stoppingToken);
                    moved.Clear();
                    loadedAt = now;
                }
                await CheckAsync(tick, now, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the watcher for good: the next round reloads and checks again.
                LogFailed(ex);
                loadedAt = DateTimeOffset.MinValue;
            }
        }
    }

    // The tick's own prices first (a price that crossed and came back within one tick interval still counts), else the latest.
    private async Task CheckAsync(MarketTick? tick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var signal in active)
        {
            if (moved.Contains(signal.Id)) continue;
            var price = tick?.Quotes.FirstOrDefault(q => q.Symbol == signal.Symbol)?.Price
                ?? (market.TryGetQuote(signal.Symbol, out var quote) ? quote.Price : (decimal?)null);
            if (SignalRules.StatusAt(signal, price, now) is not { } status) continue;
            moved.Add(signal.Id);
            // Expiry is stamped with the market price of that moment (what a follower would have closed at).
            if (await store.MoveAsync(signal.Id, status, price, now, cancellationToken) is not null) LogMoved(signal.Id, WireEnum<SignalStatus>.Name(status));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Signal {SignalId} is now {Status}")]
    private partial void LogMoved(long signalId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the active signals failed; retrying")]
    private partial void LogFailed(Exception exception);
}
