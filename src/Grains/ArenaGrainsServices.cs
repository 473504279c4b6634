using Arena.Grains.Auth;
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
        services.AddMarket();
        return services;
    }
}
