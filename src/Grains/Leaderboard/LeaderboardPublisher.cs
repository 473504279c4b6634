using Arena.Grains.Events;
using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Leaderboard;

/// <summary>
/// Publishes a public <c>leaderboard.changed</c> event when the order of the standings (period <c>all</c>, by return)
/// changes, not on every price move. Runs in every silo: each round compares the current order with the last one
/// published (<c>app_settings</c> <c>leaderboard.standings</c>) under a transaction-scoped lock, and writes the event
/// and the new order in the same transaction, so one change is published once however many silos look.
/// </summary>
public sealed partial class LeaderboardPublisher(
    LeaderboardService leaderboard,
    Database database,
    TimeProvider clock,
    IOptions<LeaderboardOptions> options,
    ILogger<LeaderboardPublisher> logger) : BackgroundService
{
    public const string EventType = "leaderboard.changed";
    private const string StateKey = "leaderboard.standings";
    private const long LockKey = 0x4172656E614C4264; // "ArenaLBd"

    public sealed record Standing(int Rank, string BotId, string DisplayName, decimal Equity, decimal? Return);

    public sealed record LeaderboardChanged(string Period, string Sort, IReadOnlyList<Standing> Standings, IReadOnlyList<string> Previous);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PublishInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PublishIfChangedAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Publishes the standings if their order changed since the last publication; returns whether it did.</summary>
    public async Task<bool> PublishIfChangedAsync(CancellationToken cancellationToken = default)
    {
        var board = await leaderboard.GetAsync("all", "return", cancellationToken);
        if (!board.IsOk) return false;
        var standings = board.Value!.Rows.Select(r => new Standing(r.Rank, r.BotId, r.DisplayName, r.Equity, r.EquityCurve?.Return)).ToArray();
        var order = string.Join(",", standings.Select(s => s.BotId));
        var now = clock.Now();
        var published = await database.InTransactionAsync(async tx =>
        {
            if (tx.Dialect == SqlDialect.Postgres && !await tx.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_xact_lock(@LockKey)", new { LockKey }))
                return false; // another silo is comparing right now
            var last = await AppSettings.ValueAsync(tx, StateKey);
            if (last == order) return false;
            await AppSettings.StoreAsync(tx, StateKey, order, now, replace: true);
            var previous = string.IsNullOrEmpty(last) ? [] : last.Split(',');
            await EventOutbox.AppendAsync(tx, [EventDraft.Public(EventType, new LeaderboardChanged("all", "return", standings, previous))], now);
            return true;
        }, cancellationToken);
        return published;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the leaderboard standings failed; retrying next interval")]
    private partial void LogFailed(Exception exception);
}
