using Arena.Api.Infrastructure;
using Arena.Grains.Market;
using Arena.Grains.Trading;
using FastEndpoints;

namespace Arena.Api.Features.Market;

public sealed record TickerView(
    string Symbol, decimal Price, decimal Open24h, decimal High24h, decimal Low24h, decimal Volume24h, decimal Change24hPercent, DateTimeOffset At);

/// <param name="Stale">True when the feed has not published for three periods, at least 10 s (e.g. the exchange is unreachable): prices are the last known.</param>
public sealed record TickersResponse(string Source, bool Stale, DateTimeOffset? UpdatedAt, IReadOnlyList<TickerView> Tickers);

public sealed class ListTickers(MarketFeed feed) : EndpointWithoutRequest<Ok<TickersResponse>>
{
    public override void Configure()
    {
        Get("/api/market/tickers");
        Definition.Documented(MarketRoutes.Tag, "Latest price and rolling 24h statistics of every symbol").Public();
    }

    public override Task<Ok<TickersResponse>> ExecuteAsync(CancellationToken ct)
    {
        var quotes = feed.Quotes;
        var tickers = feed.Symbols.Where(s => quotes.ContainsKey(s.Symbol)).Select(s => View(quotes[s.Symbol])).ToArray();
        return Task.FromResult(TypedResults.Ok(new TickersResponse(feed.Source, feed.IsStale, feed.LastTickAt, tickers)));
    }

    private static TickerView View(Quote q) =>
        new(q.Symbol, q.Price, q.Open24h, q.High24h, q.Low24h, q.Volume24h, q.Change24hPercent, q.At);
}
