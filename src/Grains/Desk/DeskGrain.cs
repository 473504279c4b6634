using Arena.Grains.Signals;

namespace Arena.Grains.Desk;

/// <summary>
/// One user's desk, hot in memory and written through like <see cref="Users.UserGrain"/>: each command asks a pure
/// decider (<see cref="DeskChanges"/>, <see cref="PaperWalletChanges"/>) what to do with the current state and a market
/// snapshot, commits the decided rows in one transaction that also writes the wallet with its version check
/// (<see cref="DeskStore.CommitAsync"/>), and only then takes the decided state and publishes its open trades to this
/// silo's <see cref="OpenQuickTrades"/> (the risk watch). A lost version race reloads and re-decides once (<see cref="AggregateGrain"/>).
/// </summary>
public sealed class DeskGrain(DeskStore store, SignalStore signals, DeskMarketSource market, OpenQuickTrades watch, TimeProvider clock) : AggregateGrain, IDeskGrain
{
    private static readonly Rejection Missing = Rejection.NotFound("No such user.");
    private const int RecentTrades = 20;

    // Null while the user does not exist.
    private DeskState? state;

    private Guid Id => this.GetPrimaryKey();

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        state = await store.LoadAsync(Id, await market.StartingBalanceAsync(cancellationToken), clock.Now(), cancellationToken);
        if (state is not null) watch.Publish(Id, state.Wallet.Version, state.Open);
    }

    public Task<Result<WalletView>> GetWallet() => Read(s => WalletView.From(s, market.Quotes));

    public Task<Result<QuickTradeView>> OpenTrade(TradeOrder order) => Decide((s, m, now) => DeskChanges.Open(s, order, TradeOrigin.Manual, m, now));

    public async Task<Result<QuickTradeView>> CloseTrade(Guid tradeId)
    {
        if (await Present() is { } missing) return missing;
        if (state!.FindOpen(tradeId) is null)
            return await store.GetTradeAsync(Id, tradeId) is null
                ? Rejection.NotFound("You have no quick trade with this id.")
                : Rejection.Conflict("This quick trade is already closed.");
        return await Decide((s, m, now) => DeskChanges.Close(s, tradeId, QuickTradeCloseReason.Manual, m, now));
    }

    public async Task<Result<QuickTradeView>> GetTrade(Guid tradeId)
    {
        if (await Present() is { } missing) return missing;
        var trade = state!.FindOpen(tradeId) ?? await store.GetTradeAsync(Id, tradeId);
        return trade is null ? Rejection.NotFound("You have no quick trade with this id.") : View(trade);
    }

    public async Task<Result<QuickTradePage>> ListTrades(TradeListRequest request)
    {
        if (await Present() is { } missing) return missing;
        var errors = new FieldErrors();
        var query = TradeListRules.Parse(request, errors);
        if (errors.Any) return errors.ToRejection();
        var rows = await store.ListAsync(Id, query.Status, query.Before, query.Limit + 1);
        var items = rows.Take(query.Limit).Select(View).ToArray();
        return new QuickTradePage(items, rows.Count > query.Limit ? UuidCursor.After(items[^1].Id) : null);
    }

    public async Task<Result<WalletReset>> ResetWallet()
    {
        var startingBalance = await market.StartingBalanceAsync();
        return await Decide<WalletReset>((s, m, now) => PaperWalletChanges.Reset(s, startingBalance, m, now));
    }

    public async Task<Result<QuickTradeView>> ConvertSignal(long signalId, SignalConversion conversion)
    {
        if (await Present() is { } missing) return missing;
        var signal = await signals.FindAsync(signalId);
        if (signal is null) return Rejection.NotFound("There is no signal with this id.");
        var order = SignalConversions.ToOrder(signal, conversion);
        if (!order.IsOk) return order.Rejection!;
        return await Decide((s, m, now) =>
        {
            var opened = DeskChanges.Open(s, order.Value!, new TradeOrigin(SignalId: signalId), m, now);
            return opened.IsOk ? SignalConversions.Recorded(opened.Value!, Id, signalId, now) : opened;
        });
    }

    public async Task<DeskRiskReport> CheckRisk()
    {
        var checkedRisk = await Decide<DeskRiskReport>((s, m, now) => DeskChanges.CheckRisk(s, m, now));
        // Even when nothing closed: the watch may have held a stale view of this desk.
        if (state is not null) watch.Publish(Id, state.Wallet.Version, state.Open);
        return checkedRisk.Value ?? new DeskRiskReport([]);
    }

    public async Task<Result<DeskOverview>> GetOverview()
    {
        if (await Present() is { } missing) return missing;
        var recent = await store.ListAsync(Id, "closed", null, RecentTrades);
        return new DeskOverview(Id, WalletView.From(state!, market.Quotes), state!.Open.Select(View).ToArray(), recent.Select(View).ToArray(),
            state!.CopyRuns.Reverse().Select(CopyRunView.From).ToArray());
    }

    public async Task<Result<QuickTradeTakeover>> ImportQuickTrades(IReadOnlyList<LegacyQuickTrade> trades)
    {
        if (await Present() is { } missing) return missing;
        var known = await store.ExternalIdsAsync(Id);
        return await Decide((s, m, now) => (Result<DeskDecision<QuickTradeTakeover>>)QuickTradeImport.Decide(s, trades, known, m, now));
    }

    public async Task<Result<CopyRunView>> DraftCopyRun(CopyRunDraft draft)
    {
        var botIsActive = draft.BotId is { Length: > 0 } botId && await store.Database.ReadAsync(c => CopyRunRows.BotIsActiveAsync(c, botId.Trim()));
        return await Decide((s, m, now) => CopyRunChanges.Draft(s, draft, m.Symbols.ContainsKey, botIsActive, now));
    }

    public async Task<Result<CopyRunView>> ChangeCopyRun(Guid runId, CopyRunCommand command)
    {
        if (await Present() is { } missing) return missing;
        if (state!.CopyRuns.Find(r => r.Id == runId) is not { } run) return CopyRunChanges.NoSuchRun;
        var (tradeId, signalId) = command == CopyRunCommand.Publish ? await CopyRunRows.LatestOfBotAsync(store.Database, run.BotId) : (0L, null);
        return await Decide((s, _, now) => CopyRunChanges.Change(s, runId, command, tradeId, signalId, now));
    }

    public Task<Result<IReadOnlyList<CopyRunView>>> ListCopyRuns() =>
        Read<IReadOnlyList<CopyRunView>>(s => s.CopyRuns.Reverse().Select(CopyRunView.From).ToArray());

    public async Task<Result<CopyRunDetail>> GetCopyRun(Guid runId)
    {
        if (await Present() is { } missing) return missing;
        if (state!.CopyRuns.Find(r => r.Id == runId) is not { } run) return CopyRunChanges.NoSuchRun;
        var (mirrors, skipped) = await CopyRunRows.DetailAsync(store.Database, Id, runId);
        return CopyRunDetail.From(run, mirrors.Select(View).ToArray(), skipped);
    }

    public async Task<MirrorOutcome> MirrorFill(Guid runId, CopyFill fill)
    {
        if (await Present() is not null) return MirrorChanges.Ignored(runId, fill).Reply;
        // Decided before (a retry, another silo): the ledger's answer, nothing written.
        if (await CopyRunRows.RecordedAsync(store.Database, Id, runId, fill) is { } recorded) return recorded;
        var everMirrored = fill.Kind == CopyFillKind.Exit && await store.Database.ReadAsync(c => CopyRunRows.EverMirroredAsync(c, Id, runId, fill.PositionId));
        try
        {
            return (await Decide((s, m, now) => (Result<DeskDecision<MirrorOutcome>>)MirrorChanges.Mirror(s, runId, fill, everMirrored, m, now))).Value!;
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out _))
        {
            // The ledger's unique (run, fill) refused a second decision that slipped past the version check: report the first.
            return await CopyRunRows.RecordedAsync(store.Database, Id, runId, fill) ?? throw new InvalidOperationException("A unique violation without a ledger row.", ex);
        }
    }

    private QuickTradeView View(QuickTrade trade) =>
        QuickTradeView.From(trade, market.Quotes.TryGetValue(trade.Symbol, out var quote) && quote.Price > 0 ? quote.Price : null);

    // A desk asked for before its user registered loads again, so the user's first call after registering finds it.
    private async Task<Rejection?> Present()
    {
        if (state is null) await LoadAsync(CancellationToken.None);
        return state is null ? Missing : null;
    }

    private async Task<Result<T>> Read<T>(Func<DeskState, T> read) => await Present() is { } missing ? missing : read(state!);

    /// <summary>
    /// The one write path: decide on the current state and a market snapshot, commit the decided rows with the wallet's
    /// version check, then take the decided state and show its open trades to the risk watch.
    /// </summary>
    private async Task<Result<T>> Decide<T>(Func<DeskState, DeskMarket, DateTimeOffset, Result<DeskDecision<T>>> decide)
    {
        if (await Present() is { } missing) return missing;
        var decided = decide(state!, await market.CurrentAsync(), clock.Now());
        if (!decided.IsOk) return decided.Rejection!;
        var (reply, write) = decided.Value!;
        if (write is null) return reply;
        var version = await store.CommitAsync(Id, state!.Wallet, write.Next.Wallet, write.Rows);
        state = write.Next with { Wallet = write.Next.Wallet with { Version = version } };
        watch.Publish(Id, version, state.Open);
        return reply;
    }
}
