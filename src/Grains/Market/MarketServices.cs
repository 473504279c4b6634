namespace Arena.Grains.Market;

public static class MarketServices
{
    /// <summary>
    /// The market feed chosen by <c>Arena:Market:Source</c> as <see cref="IMarketFeed"/> and as a hosted service (one per
    /// silo), its store, and the Binance HTTP client. Only the chosen feed is ever constructed.
    /// </summary>
    public static IServiceCollection AddMarket(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketOptions>, MarketOptionsValidator>());
        services.AddSingleton<MarketStore>();
        services.AddSingleton<SimulatedMarketFeed>();
        services.AddSingleton<BinanceMarketFeed>();
        services.AddHttpClient<BinanceMarketClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<MarketOptions>>().Value;
            http.BaseAddress = new Uri(options.BinanceBaseUrl.TrimEnd('/') + "/");
            // Each request has its own deadline (BinanceTimeout); this is only the backstop.
            http.Timeout = options.BinanceTimeout + TimeSpan.FromSeconds(5);
            http.DefaultRequestHeaders.UserAgent.ParseAdd("arena-silo/1.0");
        });
        services.AddSingleton<MarketFeed>(sp => sp.GetRequiredService<IOptions<MarketOptions>>().Value.IsBinance
            ? sp.GetRequiredService<BinanceMarketFeed>()
            : sp.GetRequiredService<SimulatedMarketFeed>());
        services.AddSingleton<IMarketFeed>(sp => sp.GetRequiredService<MarketFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<MarketFeed>());
        return services;
    }
}

/// <summary>Stops the silo's start with the reason when <c>Arena:Market</c> is unusable.</summary>
public sealed class MarketOptionsValidator : IValidateOptions<MarketOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
