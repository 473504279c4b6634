namespace Arena.Grains.Runtime;

/// <summary>Which class implements each grain interface; filled by <see cref="GrainServiceCollectionExtensions.AddGrain{TInterface,TGrain}"/>.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<Type, Type> implementations = [];

    public IReadOnlyDictionary<Type, Type> Implementations => implementations;

    internal void Add(Type grainInterface, Type implementation) => implementations[grainInterface] = implementation;
}

public static class GrainServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime (as <see cref="IGrainFactory"/> and a hosted service).</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainOptions>? configure = null)
    {
        services.AddOptions<GrainOptions>(); // the host binds Arena:Grains
        if (configure is not null) services.Configure(configure);
        services.AddSingleton(GetRegistry(services));
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        GetRegistry(services).Add(typeof(TInterface), typeof(TGrain));
        return services;
    }

    private static GrainRegistry GetRegistry(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(GrainRegistry))?.ImplementationInstance;
        if (existing is GrainRegistry registry) return registry;
        registry = new GrainRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
