using Arena.Grains.Market;
using Arena.Grains.Users;

namespace Arena.Grains.Signals;

/// <summary>
/// One tracked signal as its user sees it: the tracked row, the signal now (null for an imported one), and what following
/// it would have returned so far (<see cref="SignalRules.ReturnPercent"/> from <c>entryPrice</c> to <c>valuationPrice</c>:
/// the market price while the signal is active, the price its status was decided at once it ended).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrackedSignalView(
    [Id(0)] Guid Id,
    [Id(1)] long? SignalId,
    [Id(2)] string Symbol,
    [Id(3)] SignalDirection Direction,
    [Id(4)] decimal EntryPrice,
    [Id(5)] decimal? StopLoss,
    [Id(6)] decimal? TakeProfit,
    [Id(7)] string? Note,
    [Id(8)] DateTimeOffset TrackedAt,
    [Id(9)] SignalStatus? Status,
    [Id(10)] decimal? MarketPrice,
    [Id(11)] decimal? ValuationPrice,
    [Id(12)] decimal? PnlPercent,
    [Id(13)] SignalView? Signal)
{
    /// <summary>Pure: the view of <paramref name="tracked"/> given its signal and the symbol's market price (null: none).</summary>
    public static TrackedSignalView From(TrackedSignal tracked, SignalView? signal, decimal? marketPrice)
    {
        var valuation = SignalRules.ValuationPrice(signal, marketPrice);
        return new(tracked.Id, tracked.SignalId, tracked.Symbol, tracked.Direction, tracked.EntryPrice, tracked.StopLoss, tracked.TakeProfit, tracked.Note,
            tracked.TrackedAt, signal?.Status, marketPrice, valuation, SignalRules.ReturnPercent(tracked.Direction, tracked.EntryPrice, valuation), signal);
    }
}

/// <summary>
/// The read side of signals for the API: public lists and single signals straight from the rows (spectators never
/// activate a grain), a user's tracked signals valued at this silo's live prices, and a user's own action audit.
/// </summary>
public sealed class SignalReads(SignalStore store, IMarketFeed market, IGrainFactory grains)
{
    private static readonly Rejection Missing = Rejection.NotFound("No signal has this id.");

    public async Task<Result<Page<SignalView>>> ListAsync(string? botId, string? symbol, string? direction, string? status, string? cursor, string? limit,
        CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var filter = SignalQueries.Signals(botId, symbol, direction, status, cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        return await store.ListAsync(filter, cancellationToken);
    }

    /// <summary>One signal by id; not found when there is none. The desk's convert reads signals through this.</summary>
    public async Task<Result<SignalView>> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken) is { } signal ? signal : Missing;

    public async Task<Result<IReadOnlyList<TrackedSignalView>>> TrackedAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var tracked = await grains.GetGrain<IUserGrain>(userId).GetTrackedSignals();
        if (!tracked.IsOk) return tracked.Rejection!;
        var signals = (await store.FindManyAsync(tracked.Value!.Where(t => t.SignalId is not null).Select(t => t.SignalId!.Value).ToArray(), cancellationToken))
            .ToDictionary(s => s.Id);
        return tracked.Value!.Select(t => TrackedSignalView.From(t, t.SignalId is { } id ? signals.GetValueOrDefault(id) : null,
            market.TryGetQuote(t.Symbol, out var quote) && quote.Price > 0 ? quote.Price : null)).ToArray();
    }

    public async Task<Result<Page<SignalActionView>>> ActionsAsync(Guid userId, string? cursor, string? limit, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var page = SignalQueries.Actions(cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        return await store.ActionsAsync(userId, page, cancellationToken);
    }
}
