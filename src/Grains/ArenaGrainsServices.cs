using System.Net;
using Arena.Grains.AgentChat;
using Arena.Grains.Auth;
using Arena.Grains.Auth.Wallet;
using Arena.Grains.Bots;
using Arena.Grains.Bots.Cluster;
using Arena.Grains.Bots.Read;
using Arena.Grains.Desk;
using Arena.Grains.Events;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Arena.Grains.Signals;
using Arena.Grains.Spectators;
using Arena.Grains.Activity;
using Arena.Grains.Leaderboard;
using Arena.Grains.Legacy;
using Arena.Grains.Market;
using Arena.Grains.Users;

namespace Arena.Grains;

public static class ArenaGrainsServices
{
    /// <summary>The database and the domain services the grains and the API use. Options are bound by the host, which also hosts Orleans.</summary>
    public static IServiceCollection AddArenaGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<NotificationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationListener>());

        services.AddSingleton<UserStore>();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordHashingSlots>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<WalletStore>();
        services.AddSingleton<WalletService>();

        services.AddSingleton<CredentialVault>();
        services.AddSingleton<ICredentialSecrets>(sp => sp.GetRequiredService<CredentialVault>());
        services.AddSingleton<ProviderStore>();
        services.AddSingleton<ProviderGates>();
        services.AddSingleton<IDecisionProviders, DecisionProviders>();
        services.AddProviderHttpClient();
        // The outbox's readers: sequencer, hub and retention run in every silo (they coordinate through the database).
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        services.AddSingleton<EventSequencer>();
        services.AddHostedService(sp => sp.GetRequiredService<EventSequencer>());
        services.AddSingleton<EventRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<EventRetention>());
        services.AddSingleton<ActivityFeed>();
        // What a spectator's snapshot shows; TryAdd, so a richer read model can be registered in its place.
        services.TryAddSingleton<IArenaSnapshotSource, PublicArenaSnapshotSource>();
        services.AddSingleton<ReactionService>();
        services.AddSingleton<LegacyImportWriter>();
        services.AddMarket();
        services.AddArenaEngine();
        services.AddTradingDesk();
        // The public read side: rows and live quotes only, never the bot grains.
        services.AddSingleton<SignalStore>();
        services.AddSingleton<SignalReads>();
        services.AddSingleton<SignalMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SignalMonitor>());
        services.AddSingleton<BotReadStore>();
        services.AddSingleton<PublicBots>();
        services.AddSingleton<MetricsHistoryStore>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<LeaderboardPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardPublisher>());
        // The agent chat reads the same public side; its writes go through the user's IAgentChatGrain.
        services.AddSingleton<AgentContexts>();
        services.AddSingleton<AgentChatHistory>();
        return services;
    }

    /// <summary>
    /// The users' trading desk: each user's desk grain writes through <see cref="DeskStore"/>; every silo watches every
    /// open quick trade on each market tick (<see cref="DeskRiskWatch"/>), so stops and liquidations do not wait for the
    /// user's grain to be active.
    /// </summary>
    private static void AddTradingDesk(this IServiceCollection services)
    {
        services.AddSingleton<DeskStore>();
        // Every silo mirrors the bots' fills into their followers' desks from the outbox (0013_copy_mirror).
        services.AddSingleton<CopyMirror>();
        services.AddHostedService(sp => sp.GetRequiredService<CopyMirror>());
        services.AddSingleton<DeskMarketSource>();
        services.AddSingleton<OpenQuickTrades>();
        services.AddHostedService<DeskRiskWatch>();
    }

    /// <summary>
    /// The arena engine: each bot's activation runs its turns and snapshots from its own timers, and the risk monitor
    /// watches the open positions of the bots this silo runs on every market tick; the keeper
    /// keeps the active bots activated and spread over the engine silos, and a graceful stop hands this silo's bots over
    /// (a silo lifecycle participant, so it runs while the membership says this silo is shutting down).
    /// </summary>
    private static void AddArenaEngine(this IServiceCollection services)
    {
        services.AddSingleton<BotStore>();
        services.AddSingleton<BotConfiguration>();
        services.AddTransient<BotTrader>();
        services.AddSingleton<TurnSlots>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<LeveragePolicies>();
        services.AddSingleton<LeveragePolicyStore>();
        services.AddSingleton<BotQueries>();
        services.AddSingleton<DemoArena>();
        services.AddSingleton<LocalBots>();
        services.AddSingleton<BotKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<BotKeeper>());
        services.AddHostedService<RiskMonitor>();
        services.AddSingleton<BotHandover>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<BotHandover>());
        services.AddSingleton<SnapshotPruning>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotPruning>());
    }

    /// <summary>Cross-silo change notices: other silos' caches drop what went stale (grains need none: each has one activation).</summary>
    public static void AttachChangeFeeds(IServiceProvider services)
    {
        var listener = services.GetRequiredService<NotificationListener>();
        var settings = services.GetRequiredService<SettingsService>();
        listener.Subscribe(SettingsService.ChangeChannel, _ => settings.Invalidate(), settings.Invalidate);
        var leverage = services.GetRequiredService<LeveragePolicies>();
        listener.Subscribe(LeveragePolicies.ChangeChannel, _ => leverage.Invalidate(), leverage.Invalidate);
    }

    /// <summary>
    /// The HTTP client for LLM providers. Timeouts are per attempt (the session's), so the client has
    /// none; redirects are not followed and no proxy is used, because every connection must go through the
    /// address policy in <see cref="ProviderNetwork.ConnectAsync"/>; header values are never logged.
    /// </summary>
    private static void AddProviderHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(DecisionProviders.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<ProviderOptions>>().Value.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, ct) => ProviderNetwork.ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
                };
            })
            .RedactLoggedHeaders(_ => true);
}
