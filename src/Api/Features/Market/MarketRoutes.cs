namespace Arena.Api.Features.Market;

/// <summary>Public market data from this silo's feed (the same on every silo for the simulated source).</summary>
internal static class MarketRoutes
{
    public const string Tag = "Market";
}
