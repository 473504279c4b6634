using Arena.Api.Infrastructure;
using Arena.Grains.Market;
using Arena.Grains.Trading;
using FastEndpoints;

namespace Arena.Api.Features.Market;

public sealed record MarketSymbolView(
    string Symbol, string BaseAsset, string QuoteAsset, int PricePrecision, int QuantityPrecision,
    decimal TickSize, decimal StepSize, decimal MinQuantity, decimal MinNotional);

public sealed record MarketSymbolsResponse(string Source, IReadOnlyList<MarketSymbolView> Symbols);

public sealed class ListMarketSymbols(MarketFeed feed) : EndpointWithoutRequest<Ok<MarketSymbolsResponse>>
{
    public override void Configure()
    {
        Get("/api/market/symbols");
        Definition.Documented(MarketRoutes.Tag, "The tradable symbols and their precisions").Public();
    }

    public override Task<Ok<MarketSymbolsResponse>> ExecuteAsync(CancellationToken ct) =>
        Task.FromResult(TypedResults.Ok(new MarketSymbolsResponse(feed.Source, feed.Symbols.Select(View).ToArray())));

    private static MarketSymbolView View(SymbolInfo s) =>
        new(s.Symbol, s.BaseAsset, s.QuoteAsset, s.PricePrecision, s.QuantityPrecision, s.TickSize, s.StepSize, s.MinQuantity, s.MinNotional);
}
