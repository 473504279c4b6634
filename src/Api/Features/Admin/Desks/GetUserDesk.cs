using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Desks;

public sealed record GetUserDeskRequest(Guid UserId);

/// <summary>A user's whole desk as an admin reads it: the desk grain's overview and the signals the user tracks.</summary>
public sealed record UserDeskView(Guid UserId, WalletView Wallet, IReadOnlyList<QuickTradeView> OpenTrades, IReadOnlyList<QuickTradeView> RecentTrades,
    IReadOnlyList<CopyRunView> CopyRuns, IReadOnlyList<TrackedSignal> TrackedSignals);

public sealed class GetUserDesk(IGrainFactory grains) : Endpoint<GetUserDeskRequest, Results<Ok<UserDeskView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/users/{userId:guid}/desk");
        Definition.Documented("Admin: desks", "A user's trading desk: paper wallet, open trades and the 20 most recent closed ones, copy runs and tracked signals").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<UserDeskView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetUserDeskRequest request, CancellationToken ct)
    {
        var desk = await grains.GetGrain<IDeskGrain>(request.UserId).GetOverview();
        if (!desk.IsOk) return desk.Rejection!.ToProblem();
        var tracked = await grains.GetGrain<IUserGrain>(request.UserId).GetTrackedSignals();
        if (!tracked.IsOk) return tracked.Rejection!.ToProblem();
        var d = desk.Value!;
        return TypedResults.Ok(new UserDeskView(d.UserId, d.Wallet, d.OpenTrades, d.RecentTrades, d.CopyRuns, tracked.Value!));
    }
}
