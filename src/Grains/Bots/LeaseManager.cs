using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Bots;

/// <summary>
/// Decides which bots this silo runs. Every renew interval it heartbeats the silo's row, renews its
/// leases, claims unowned or expired bots up to a fair share (active bots ÷ live silos, rounded up),
/// and hands back one surplus bot when other silos joined. A silo that dies stops renewing, so its
/// leases expire and the others take its bots over; the fencing token makes any late write of the
/// dead owner fail (see BotStore.CommitAsync).
/// </summary>
public sealed partial class LeaseManager(
    Database database,
    SiloIdentity silo,
    TimeProvider clock,
    IOptions<BotsOptions> options,
    ILogger<LeaseManager> logger) : BackgroundService
{
    private readonly BotsOptions bots = options.Value;
    private readonly ConcurrentDictionary<string, LeaseGrant> owned = new(StringComparer.Ordinal);
    private volatile bool crashed;

    /// <summary>Raised when this silo loses a bot (expired, taken over, released, or the bot was deactivated).</summary>
    public event Action<string>? Lost;

    public IReadOnlyCollection<LeaseGrant> Owned => owned.Values.ToArray();

    public bool TryGet(string botId, out LeaseGrant lease) => owned.TryGetValue(botId, out lease!);

    /// <summary>A write found the lease gone: stop using it here.</summary>
    public void MarkLost(string botId)
    {
        if (owned.TryRemove(botId, out _)) { LogLost(botId); Lost?.Invoke(botId); }
    }

    /// <summary>Runs one renew/claim round now (also used by tests).</summary>
    public async Task RenewAsync(CancellationToken cancellationToken = default)
    {
        if (crashed) return;
        var now = clock.Now();
        var expires = now + bots.LeaseDuration;
        await database.InTransactionAsync(tx => tx.ExecuteAsync("""
            INSERT INTO silos (id, host, started_at, heartbeat_at) VALUES (@Id, @Host, @now, @now)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
            """, new { silo.Id, silo.Host, now }), cancellationToken);

        // Only active bots' leases are renewed: a deactivated bot's lapses (it needs no turns), so it never holds
        // one of this silo's fair-share slots while an active bot waits for a lease.
        var renewed = (await database.InTransactionAsync(tx => tx.QueryAsync<(string BotId, long Token)>("""
            UPDATE bot_leases SET expires_at = @expires
            WHERE owner = @owner AND expires_at > @now AND bot_id IN (SELECT id FROM bots WHERE is_active = @yes)
            RETURNING bot_id, token
            """, new { expires, owner = silo.Id, now, yes = true }), cancellationToken)).ToDictionary(r => r.BotId, r => r.Token, StringComparer.Ordinal);
        foreach (var lease in owned.Values)
            if (!renewed.TryGetValue(lease.BotId, out var token) || token != lease.Token) MarkLost(lease.BotId);

        var liveSince = now - 3 * bots.LeaseRenewInterval;
        var (activeBots, liveSilos) = await database.ReadAsync(async c => (
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM bots WHERE is_active = @yes", new { yes = true }),
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM silos WHERE heartbeat_at > @liveSince", new { liveSince })), cancellationToken);
        var fairShare = (int)Math.Ceiling(activeBots / (double)Math.Max(1, liveSilos));

        if (owned.Count < fairShare)
        {
            var candidates = await database.ReadAsync(c => c.QueryAsync<string>("""
                SELECT b.id FROM bots b LEFT JOIN bot_leases l ON l.bot_id = b.id
                WHERE b.is_active = @yes AND (l.bot_id IS NULL OR l.expires_at <= @now)
                ORDER BY b.id
                """, new { yes = true, now }), cancellationToken);
            foreach (var botId in candidates)
            {
                if (owned.Count >= fairShare) break;
                var token = await database.InTransactionAsync(tx => tx.QuerySingleOrDefaultAsync<long?>("""
                    INSERT INTO bot_leases (bot_id, owner, token, expires_at) VALUES (@botId, @owner, 1, @expires)
                    ON CONFLICT (bot_id) DO UPDATE SET owner = excluded.owner, token = bot_leases.token + 1, expires_at = excluded.expires_at
                    WHERE bot_leases.expires_at <= @now
                    RETURNING token
                    """, new { botId, owner = silo.Id, expires, now }), cancellationToken);
                if (token is { } t && owned.TryAdd(botId, new LeaseGrant(botId, silo.Id, t))) LogAcquired(botId, t);
            }
        }
        else if (owned.Count > fairShare && liveSilos > 1)
        {
            // Another silo joined: give back one bot per round so the load spreads without a stampede.
            var surplus = owned.Values.OrderBy(l => l.BotId, StringComparer.Ordinal).Last();
            await ReleaseAsync(surplus, cancellationToken);
        }
    }

    private async Task ReleaseAsync(LeaseGrant lease, CancellationToken cancellationToken)
    {
        await database.InTransactionAsync(tx => tx.ExecuteAsync(
            "DELETE FROM bot_leases WHERE bot_id = @BotId AND owner = @Owner AND token = @Token", lease), cancellationToken);
        MarkLost(lease.BotId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bots.RunEngine) return;
        using var timer = new PeriodicTimer(bots.LeaseRenewInterval, clock);
        try
        {
            do
            {
                try
                {
                    await RenewAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (crashed || !bots.RunEngine) return;
        try
        {
            await database.InTransactionAsync(async tx =>
            {
                await tx.ExecuteAsync("DELETE FROM bot_leases WHERE owner = @Id", silo);
                await tx.ExecuteAsync("DELETE FROM silos WHERE id = @Id", silo);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRenewFailed(ex);
        }
        foreach (var botId in owned.Keys) MarkLost(botId);
    }

    /// <summary>Test hook: behave like a silo that died (no more renewals, nothing released).</summary>
    internal void SimulateCrash() => crashed = true;

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired bot {BotId} (fencing token {Token})")]
    private partial void LogAcquired(string botId, long token);

    [LoggerMessage(Level = LogLevel.Information, Message = "No longer running bot {BotId}")]
    private partial void LogLost(string botId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease renewal failed; retrying next round")]
    private partial void LogRenewFailed(Exception exception);
}
