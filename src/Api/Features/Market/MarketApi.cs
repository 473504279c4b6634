using Arena.Grains.Market;
using Arena.Grains.Trading;

namespace Arena.Api.Features.Market;

public sealed record MarketSymbolView(
    string Symbol, string BaseAsset, string QuoteAsset, int PricePrecision, int QuantityPrecision,
    decimal TickSize, decimal StepSize, decimal MinQuantity, decimal MinNotional);

public sealed record MarketSymbolsResponse(string Source, IReadOnlyList<MarketSymbolView> Symbols);

public sealed record TickerView(
    string Symbol, decimal Price, decimal Open24h, decimal High24h, decimal Low24h, decimal Volume24h, decimal Change24hPercent, DateTimeOffset At);

/// <param name="Stale">True when the feed has not published for three periods, at least 10 s (e.g. the exchange is unreachable): prices are the last known.</param>
public sealed record TickersResponse(string Source, bool Stale, DateTimeOffset? UpdatedAt, IReadOnlyList<TickerView> Tickers);

/// <summary>Public market data from this silo's feed (the same on every silo for the simulated source).</summary>
public static class MarketApi
{
    public static IEndpointRouteBuilder MapMarket(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/market").WithTags("Market").AllowAnonymous();
        group.MapGet("/symbols", GetSymbols).WithSummary("The tradable symbols and their precisions");
        group.MapGet("/tickers", GetTickers).WithSummary("Latest price and rolling 24h statistics of every symbol");
        return app;
    }

    public static Ok<MarketSymbolsResponse> GetSymbols(MarketFeed feed) =>
        TypedResults.Ok(new MarketSymbolsResponse(feed.Source, feed.Symbols.Select(View).ToArray()));

    public static Ok<TickersResponse> GetTickers(MarketFeed feed)
    {
        var quotes = feed.Quotes;
        var tickers = feed.Symbols.Where(s => quotes.ContainsKey(s.Symbol)).Select(s => View(quotes[s.Symbol])).ToArray();
        return TypedResults.Ok(new TickersResponse(feed.Source, feed.IsStale, feed.LastTickAt, tickers));
    }

    private static MarketSymbolView View(SymbolInfo s) =>
        new(s.Symbol, s.BaseAsset, s.QuoteAsset, s.PricePrecision, s.QuantityPrecision, s.TickSize, s.StepSize, s.MinQuantity, s.MinNotional);

    private static TickerView View(Quote q) =>
        new(q.Symbol, q.Price, q.Open24h, q.High24h, q.Low24h, q.Volume24h, q.Change24hPercent, q.At);
}
