using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record PublicBotList(IReadOnlyList<PublicBot> Items);

public sealed class ListBots(PublicBots bots) : EndpointWithoutRequest<Ok<PublicBotList>>
{
    public override void Configure()
    {
        Get("/api/bots");
        Definition.Documented(BotsRoutes.Tag, "Every bot with its status, live equity, PnL, return and open positions").Public();
    }

    public override async Task<Ok<PublicBotList>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok(new PublicBotList(await bots.ListAsync(ct)));
}
