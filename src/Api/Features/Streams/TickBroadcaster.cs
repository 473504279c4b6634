using Arena.Grains.Market;
using Arena.Grains.Trading;
using Microsoft.Extensions.Hosting;

namespace Arena.Api.Features.Streams;

/// <summary>
/// Price ticks for <c>/ws/arena</c>: ONE market subscription per silo, coalesced into at most
/// <see cref="StreamOptions.MaxTicksPerSecond"/> <c>ticks</c> messages per second, each carrying every symbol that
/// moved in its window once, at its latest price. Each message is serialized once and offered to every spectator.
/// Ticks are not events: they have no seq and are never replayed (a reconnecting client gets prices in its snapshot).
/// </summary>
public sealed class TickBroadcaster(IMarketFeed market, StreamConnections connections, IOptions<StreamOptions> options, TimeProvider clock) : BackgroundService
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Quote> pending = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perSecond = options.Value.MaxTicksPerSecond;
        if (perSecond == 0) return;
        // The feed drops its oldest ticks for a slow subscriber; this one only copies quotes into a dictionary.
        using var subscription = market.Subscribe(capacity: 256);
        try
        {
            await Task.WhenAll(CollectAsync(subscription, stoppingToken), FlushAsync(TimeSpan.FromSeconds(1.0 / perSecond), stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CollectAsync(MarketSubscription subscription, CancellationToken stoppingToken)
    {
        await foreach (var tick in subscription.Reader.ReadAllAsync(stoppingToken))
            lock (gate)
                foreach (var quote in tick.Quotes) pending[quote.Symbol] = quote;
    }

    private async Task FlushAsync(TimeSpan window, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(window, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Quote[] moved;
            lock (gate)
            {
                if (pending.Count == 0) continue;
                moved = pending.Values.OrderBy(q => q.Symbol, StringComparer.Ordinal).ToArray();
                pending.Clear();
            }
            if (connections.HasTickReceivers) connections.Broadcast(StreamMessages.Ticks(moved));
        }
    }
}
