using Arena.Grains.Activity;
using Arena.Grains.Auth;
using Arena.Grains.Auth.Wallet;
using Arena.Grains.Events;
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
        services.AddSingleton<ReactionService>();
        return services;
    }
}
