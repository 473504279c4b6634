using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

/// <summary>
/// A new bot with its first prompt (version 1). <c>tradingMode</c> defaults to <c>paper</c> and <c>isActive</c>
/// to true; <c>real</c> is refused until the exchange adapter exists.
/// </summary>
public sealed record CreateBotRequest(
    string? Id, string? DisplayName, string? AvatarUrl, string? ProviderId, TradingMode? TradingMode, decimal? InitialBalance,
    int? MaxLeverage, int? DailyTokenBudget, bool? IsActive, string? Prompt, string? PromptNote)
{
    public BotDefinition ToDefinition() => new(Id ?? "", DisplayName ?? "", AvatarUrl, ProviderId ?? "", TradingMode ?? Grains.Bots.TradingMode.Paper,
        InitialBalance ?? 0m, MaxLeverage ?? 0, DailyTokenBudget, IsActive ?? true, Prompt ?? "", PromptNote);
}

/// <summary>An unusable id cannot key a grain, so it is refused here, with every other invalid field; the grain checks the rest.</summary>
public sealed class CreateBotValidator() : RulesValidator<CreateBotRequest>((r, errors) =>
{
    var definition = r.ToDefinition();
    if (!BotRules.IsValidId(definition.Id)) BotRules.Check(definition, errors);
});

public sealed class CreateBot(IGrainFactory grains) : Endpoint<CreateBotRequest, Results<Created<AdminBotView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/bots");
        Definition.Documented(AdminBotRoutes.Tag, "Create a bot with its first prompt (version 1); tradingMode 'real' is refused until the exchange adapter exists")
            .AdminOnly().Rejects(409);
    }

    public override async Task<Results<Created<AdminBotView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CreateBotRequest request, CancellationToken ct)
    {
        var definition = request.ToDefinition();
        return (await grains.GetGrain<IBotGrain>(definition.Id).Create(definition, HttpContext.Actor()))
            .ToHttp(v => TypedResults.Created($"/api/admin/bots/{v.Config.Id}", AdminBotView.From(v)));
    }
}
