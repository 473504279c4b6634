using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using FastEndpoints;

namespace Arena.Api.Features.Wallet;

public sealed class ListWalletHistory(WalletStore store) : EndpointWithoutRequest<Ok<WalletConnectionView[]>>
{
    public override void Configure()
    {
        Get("/api/auth/wallet/history");
        Definition.Documented(WalletRoutes.Tag, "The caller's wallet links, unlinks and sign-ins, newest first").SignedIn();
    }

    public override async Task<Ok<WalletConnectionView[]>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await store.HistoryAsync(User.UserId(), ct)).Select(WalletConnectionView.From).ToArray());
}
