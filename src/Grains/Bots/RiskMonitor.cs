using Arena.Grains.Bots.Cluster;
using Arena.Grains.Market;
using Arena.Grains.Trading;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Bots;

/// <summary>
/// Between turns, on every market tick, checks the open positions of the bots this silo runs against the new prices
/// (<see cref="RiskTriggers"/>, pure and in memory) and asks only a bot whose stop-loss, take-profit or liquidation price
/// was crossed to close it (<see cref="IBotGrain.CheckRisk"/>, the same write path as a turn, which checks again against
/// its own state). A quiet tick costs no grain call; a bot still being checked from an earlier tick is not asked again.
/// </summary>
public sealed partial class RiskMonitor(
    IGrainFactory grains,
    LocalBots local,
    IMarketFeed market,
    SettingsService settings,
    IOptions<BotsOptions> options,
    ILogger<RiskMonitor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, bool> checking = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunEngine) return;
        using var subscription = market.Subscribe(capacity: 4);
        try
        {
            await foreach (var tick in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                var rules = (await settings.CurrentAsync(stoppingToken)).Rules;
                foreach (var (botId, positions) in local.WithPositions)
                    if (positions.Any(p => Crossed(p, rules)) && checking.TryAdd(botId, true)) _ = CheckAsync(botId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool Crossed(OpenPosition position, TradingRules rules) =>
        market.TryGetQuote(position.Symbol, out var quote) && market.TryGetSymbol(position.Symbol, out var info)
        && RiskTriggers.Evaluate(position, quote.Price, info, rules) is not null;

    private async Task CheckAsync(string botId)
    {
        try
        {
            await grains.GetGrain<IBotGrain>(botId).CheckRisk();
        }
        catch (Exception ex)
        {
            LogFailed(ex, botId);
        }
        finally
        {
            checking.TryRemove(botId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk check of bot {BotId} failed")]
    private partial void LogFailed(Exception exception, string botId);
}
