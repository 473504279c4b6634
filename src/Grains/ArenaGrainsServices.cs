using System.Net;
using Arena.Grains.Auth;
using Arena.Grains.Auth.Wallet;
using Arena.Grains.Bots;
using Arena.Grains.Bots.Read;
using Arena.Grains.Events;
using Arena.Grains.Providers;
using Arena.Grains.Secrets;
using Arena.Grains.Spectators;
using Arena.Grains.Activity;
using Arena.Grains.Leaderboard;
using Arena.Grains.Legacy;
using Arena.Grains.Market;
using Arena.Grains.Users;

namespace Arena.Grains;

public static class ArenaGrainsServices
{
    /// <summary>The grain runtime, the database, and the domain services. Options are bound by the host.</summary>
    public static IServiceCollection AddArenaGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<NotificationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationListener>());

        services.AddGrainRuntime();
        services.AddGrain<IUserGrain, UserGrain>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<PasswordHasher>();
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
        // The public read side: rows and live quotes only, never the bot grains.
        services.AddSingleton<BotReadStore>();
        services.AddSingleton<PublicBots>();
        services.AddSingleton<MetricsHistoryStore>();
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<LeaderboardPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardPublisher>());
        return services;
    }

    /// <summary>
    /// The arena engine. Hosted services start in registration order and stop in reverse: leases are
    /// claimed before turns are scheduled, and at shutdown the scheduler drains its turns before the
    /// leases are released and the grains deactivated.
    /// </summary>
    private static void AddArenaEngine(this IServiceCollection services)
    {
        services.AddGrain<IBotGrain, BotGrain>();
        services.AddSingleton<BotStore>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<LeveragePolicies>();
        services.AddSingleton<LeveragePolicyStore>();
        services.AddSingleton<BotQueries>();
        services.AddSingleton<DemoArena>();
        services.AddSingleton<SiloIdentity>();
        services.AddSingleton<LeaseManager>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseManager>());
        services.AddSingleton<TurnScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnScheduler>());
        services.AddHostedService<RiskMonitor>();
        services.AddSingleton<SnapshotService>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotService>());
    }

    /// <summary>Cross-silo change notices: other silos' activations and caches drop what went stale.</summary>
    public static void AttachChangeFeeds(IServiceProvider services)
    {
        var listener = services.GetRequiredService<NotificationListener>();
        var runtime = services.GetRequiredService<GrainRuntime>();
        UserChangeFeed.Attach(listener, runtime);
        var settings = services.GetRequiredService<SettingsService>();
        listener.Subscribe(SettingsService.ChangeChannel, _ => settings.Invalidate(), settings.Invalidate);
        var leverage = services.GetRequiredService<LeveragePolicies>();
        listener.Subscribe(LeveragePolicies.ChangeChannel, _ => leverage.Invalidate(), leverage.Invalidate);
        listener.Subscribe(BotStore.ChangeChannel, payload =>
        {
            var at = payload.LastIndexOf(':');
            if (at <= 0 || !long.TryParse(payload[(at + 1)..], out var version)) return;
            _ = runtime.InvokeIfActive<IBotGrain>(payload[..at], g => g.ObserveConfigVersion(version));
        }, () => runtime.DropActivations<IBotGrain>());
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
