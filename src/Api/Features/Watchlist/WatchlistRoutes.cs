namespace Arena.Api.Features.Watchlist;

internal static class WatchlistRoutes
{
    public const string Tag = "Watchlist";

    /// <summary>Seed 004 published the /api/v1 paths; both prefixes serve the same handlers.</summary>
    public static readonly string[] List = ["/api/watchlist", "/api/v1/watchlist"];

    /// <summary>Catch-all, so pair symbols such as BTC/USDT can be addressed without escaping the slash.</summary>
    public static readonly string[] Symbol = ["/api/watchlist/{*symbol}", "/api/v1/watchlist/{*symbol}"];
}
