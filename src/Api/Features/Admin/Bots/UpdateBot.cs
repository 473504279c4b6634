using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

/// <summary>
/// A full replacement of a bot's configuration (<c>id</c> from the path), based on the <c>version</c> the admin read.
/// Pausing and prompts have their own endpoints. <c>avatarUrl</c> and <c>dailyTokenBudget</c> may be null (none; the arena's budget).
/// </summary>
public sealed record UpdateBotRequest(
    string Id, long? Version, string? DisplayName, string? AvatarUrl, string? ProviderId, TradingMode? TradingMode, decimal? InitialBalance,
    int? MaxLeverage, int? DailyTokenBudget, bool? IsActive)
{
    /// <summary>The changes, or null with the missing fields named (a replacement leaves nothing to a default).</summary>
    public BotChanges? ToChanges(FieldErrors errors)
    {
        errors.Require(TradingMode is not null, "tradingMode", "Trading mode is required: 'paper' or 'real'.")
            .Require(InitialBalance is not null, "initialBalance", "Initial balance is required.")
            .Require(MaxLeverage is not null, "maxLeverage", "Max leverage is required.")
            .Require(IsActive is not null, "isActive", "isActive is required.");
        if (!errors.Any)
            return new BotChanges(DisplayName ?? "", AvatarUrl, ProviderId ?? "", TradingMode!.Value, InitialBalance!.Value, MaxLeverage!.Value, DailyTokenBudget, IsActive!.Value);
        // Name the other invalid fields too, with neutral stand-ins for the missing ones.
        BotRules.CheckConfig(DisplayName, AvatarUrl, ProviderId, TradingMode ?? Grains.Bots.TradingMode.Paper, InitialBalance ?? 1m, MaxLeverage ?? 1, DailyTokenBudget, errors);
        return null;
    }
}

public sealed class UpdateBotValidator() : RulesValidator<UpdateBotRequest>((r, errors) =>
{
    AdminEndpoint.CheckVersion(r.Version, errors);
    if (!errors.Any) r.ToChanges(errors);
});

public sealed class UpdateBot(IGrainFactory grains) : Endpoint<UpdateBotRequest, Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/api/admin/bots/{id}");
        Definition.Documented(AdminBotRoutes.Tag, "Replace a bot's configuration; 'version' must be the one read (409 when the bot changed since)")
            .AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(UpdateBotRequest request, CancellationToken ct)
    {
        if (request.Version is not { } version) return AdminEndpoint.MissingVersion();
        var errors = new FieldErrors();
        if (request.ToChanges(errors) is not { } changes) return errors.ToRejection().ToValidationProblem();
        return AdminBotRoutes.Answer(await grains.GetGrain<IBotGrain>(request.Id).Update(changes, version, HttpContext.Actor()));
    }
}
