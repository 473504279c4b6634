using Arena.Grains.Events;
using Arena.Grains.Providers;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>
/// The trading side of a bot: a turn is PrepareTurn (build the prompt from the current state) → the
/// provider call, made by the scheduler outside this grain → CompleteTurn (parse, validate against the
/// state as it is THEN, execute, and commit everything in one transaction). Risk checks and snapshots
/// use the same write path. Only one turn is pending at a time.
/// </summary>
public sealed partial class BotGrain
{
    // A pending turn older than this is abandoned (its answer will be discarded), so a lost
    // CompleteTurn can never wedge the bot.
    private static readonly TimeSpan PendingTurnLimit = TimeSpan.FromMinutes(10);
    private const int RecentClosesInPrompt = 30;

    private PendingTurn? pending;
    private long? sessionCredentialVersion;
    private ArenaSettings? knownSettings;
    private string? budgetEventDay;
    private ImmutableList<PastAction> riskClosesSinceTurn = [];

    private sealed record PendingTurn(Guid Id, LeaseGrant Lease, long TurnNumber, DateTimeOffset PreparedAt, int? PromptVersion, long? SummaryId,
        string PromptContext, string PromptSha256, string ProviderId);

    public async Task<TurnPreparation> PrepareTurn(LeaseGrant lease)
    {
        var current = await CurrentSettingsAsync();
        var now = clock.Now();
        TurnPreparation Skip(string reason, TimeSpan? after = null) => new(null, now + (after ?? current.TurnInterval), reason);
        if (state is null) return Skip("no such bot");
        if (!state.Config.IsActive) return Skip("inactive");
        if (state.Config.IsPaused) return Skip("paused");
        if (state.Config.TradingMode != TradingMode.Paper) return Skip("real trading is not available");

        var due = (state.Account.LastTurnAt ?? DateTimeOffset.MinValue) + current.TurnInterval;
        if (due > now) return new(null, due, "not due yet");
        if (pending is { } p && now - p.PreparedAt < PendingTurnLimit) return Skip("a turn is already in flight", TimeSpan.FromSeconds(1));
        if (BudgetSpent(state, out var budget))
        {
            await RecordBudgetSpentAsync(lease, budget, now);
            return Skip("daily token budget spent");
        }
        if (market.Quotes.Count == 0) return Skip("no market data yet", TimeSpan.FromSeconds(1));
        // The provider row and its credential's version are read every turn (one primary-key read): an admin's edit
        // of the provider or a key rotation reaches a running bot at its next turn, on whichever silo runs it.
        var (provider, credentialVersion) = await store.CurrentProviderAsync(state.Config.ProviderId);
        if (provider is null || state.Prompt is null) return Skip("no provider or prompt");
        state = state with { Provider = provider };

        if (session is null || session.Settings.Version != provider.Version || sessionCredentialVersion != credentialVersion)
        {
            DropSession();
            var opened = await providers.OpenAsync(provider, CancellationToken.None);
            if (!opened.IsOk)
            {
                await RecordFailedTurnAsync(lease, now, provider.Id, "provider unavailable: " + (opened.Rejection!.Detail ?? opened.Rejection.Title));
                return Skip("provider unavailable");
            }
            session = opened.Value!;
            sessionCredentialVersion = credentialVersion;
        }

        var context = await DecisionContextAsync(current, now);
        var closes = RecentCloses(context.Symbols.Keys);
        var turnNumber = state.Account.TurnCount + 1;
        var recentTurns = state.RecentDecisions.Select(StoredDecision.ToPastTurn).ToList();
        if (!riskClosesSinceTurn.IsEmpty) recentTurns.Add(new PastTurn(long.MaxValue, now, riskClosesSinceTurn));
        var dynamicContext = PromptComposer.DynamicContext(context, turnNumber, closes, recentTurns);
        var prompt = PromptComposer.Compose(state.Prompt.Text, state.Summary?.Text, dynamicContext);
        var turn = new PendingTurn(Guid.NewGuid(), lease, turnNumber, now, state.Prompt.Version, state.Summary?.Id, dynamicContext,
            PromptComposer.Sha256Hex(prompt), provider.Id);
        pending = turn;

        var equity = IsolatedMargin.Equity(context.Balance, context.Positions, context.Quotes);
        var request = new DecisionRequest(prompt, new TurnContext(Id, turnNumber, now, context.Balance, equity, state.Config.MaxLeverage, current.Rules,
            context.Positions, context.Quotes, closes));
        return new TurnPreparation(new PreparedTurn(turn.Id, session, request), now + current.TurnInterval, null);
    }

    public async Task<TurnReport> CompleteTurn(Guid turnId, ProviderAnswer answer)
    {
        var current = await CurrentSettingsAsync();
        var now = clock.Now();
        if (state is null || pending is not { } turn || turn.Id != turnId)
            return new TurnReport(false, null, 0, 0, state?.Positions.Count ?? 0, now + current.TurnInterval, "stale turn: the answer was discarded");
        pending = null;

        var today = BotRules.TokenDay(now);
        var tokens = answer.PromptTokens + answer.CompletionTokens;
        var account = state.Account with
        {
            TurnCount = turn.TurnNumber,
            LastTurnAt = now,
            TokensUsedToday = (state.Account.TokenDay == today ? state.Account.TokensUsedToday : 0) + tokens,
            TokenDay = today,
        };
        var latency = (int)Math.Min(int.MaxValue, answer.Latency.TotalMilliseconds);
        DecisionToRecord Record(bool success, string? error, IEnumerable<StoredDecision> decisions, IEnumerable<string> notes) => new(
            turn.TurnNumber, turn.ProviderId, turn.PromptVersion, turn.SummaryId, turn.PromptContext, turn.PromptSha256, answer.Text,
            StoredDecision.Serialize(decisions.Concat(riskClosesSinceTurn.Select(StoredDecision.FromRiskClose))),
            JsonSerializer.Serialize(notes.ToArray()), success, error, latency, answer.PromptTokens, answer.CompletionTokens);

        string? failure = null;
        if (!state.Config.IsActive || state.Config.IsPaused) failure = "the bot was paused during the turn; the answer was discarded";
        else if (!answer.Succeeded) failure = answer.Error ?? "the provider returned no answer";
        ParsedAnswer? parsed = null;
        if (failure is null)
        {
            parsed = DecisionParser.Parse(answer.Text);
            if (!parsed.Succeeded) failure = parsed.Failure;
        }
        if (failure is not null)
        {
            await CommitTurnAsync(turn, account, Record(false, failure, [], []), [], [], now);
            return new TurnReport(true, LastDecisionId(), 0, 0, state.Positions.Count, now + current.TurnInterval, failure);
        }

        var context = await DecisionContextAsync(current, now);
        var plan = DecisionValidator.Validate(parsed!.Decisions, context);
        var execution = PaperExchange.Execute(context.Balance, plan.Orders, now);
        account = Apply(account, execution);
        var notes = new List<string>();
        if (parsed.Repairs != AnswerRepairs.None) notes.Add($"answer repaired: {parsed.Repairs}");
        notes.AddRange(parsed.Warnings);
        foreach (var v in plan.Verdicts.Where(v => !v.Accepted)) notes.Add($"decision {v.Index + 1} rejected: {v.Rejection}");
        await CommitTurnAsync(turn, account, Record(true, null, plan.Verdicts.Select(StoredDecision.From), notes),
            plan.Verdicts.Select(v => new BotEvents.DecisionActionEvent(v.Action is { } a ? WireEnum<DecisionAction>.Name(a) : v.Proposal.Action ?? "?",
                v.Symbol, v.Accepted ? StoredDecision.Accepted : StoredDecision.Rejected, v.Rejection?.Reason, Trim(v.Proposal.Reasoning))).ToArray(),
            execution.Orders, now);
        await SummarizeIfDueAsync(current, force: false);
        var accepted = plan.Verdicts.Count(v => v.Accepted);
        return new TurnReport(true, LastDecisionId(), accepted, plan.Verdicts.Count - accepted, state.Positions.Count, now + current.TurnInterval, null);
    }

    public async Task<RiskReport> CheckRisk(LeaseGrant lease)
    {
        if (state is null || state.Positions.IsEmpty) return new RiskReport(0, 0);
        var current = await CurrentSettingsAsync();
        var closes = new List<PlannedOrder>();
        foreach (var position in state.Positions)
            if (market.TryGetQuote(position.Symbol, out var quote) && market.TryGetSymbol(position.Symbol, out var info)
                && RiskTriggers.Evaluate(position, quote.Price, info, current.Rules) is { } close)
                closes.Add(close);
        if (closes.Count == 0) return new RiskReport(0, state.Positions.Count);

        var now = clock.Now();
        var execution = PaperExchange.Execute(state.Account.Balance, closes, now);
        var account = Apply(state.Account, execution);
        await CommitAsync(lease, account, null, [], execution.Orders, now);
        EngineMetrics.RiskCloses.Add(closes.Count);
        riskClosesSinceTurn = riskClosesSinceTurn.AddRange(closes.OfType<PlannedClose>()
            .Select(c => new PastAction("CLOSE", c.Symbol, null, c.RealizedPnl, c.Reason)));
        return new RiskReport(closes.Count, state.Positions.Count);
    }

    public async Task<bool> TakeSnapshot(LeaseGrant lease)
    {
        if (state is null) return false;
        var now = clock.Now();
        var quotes = market.Quotes;
        var equity = IsolatedMargin.Equity(state.Account.Balance, state.Positions, quotes);
        var unrealized = state.Positions.Sum(p => quotes.TryGetValue(p.Symbol, out var q) ? IsolatedMargin.UnrealizedPnl(p, q.Price) : 0m);
        var a = state.Account;
        var snapshot = new BotEvents.SnapshotTakenEvent(Id, a.Balance, equity, a.RealizedPnl, unrealized, a.TradeCount, a.WinRate, now);
        await store.InsertSnapshotAsync(lease, snapshot, EventDraft.Public(BotEvents.SnapshotTaken, snapshot, Id));
        return true;
    }

    public async Task<Result<BotAdminView>> Reset(AdminActor? by = null)
    {
        if (state is null) return Missing;
        var current = await CurrentSettingsAsync();
        var now = clock.Now();
        var closes = new List<PlannedOrder>();
        foreach (var position in state.Positions)
        {
            // Without a price (the symbol left the market) the position is closed at its entry: no PnL.
            var price = market.TryGetQuote(position.Symbol, out var quote) ? quote.Price : position.EntryPrice;
            var info = market.TryGetSymbol(position.Symbol, out var s) ? s
                : new SymbolInfo(position.Symbol, "", "", 8, 8, 0.00000001m, 0.00000001m, 0m, 0m);
            closes.Add(PaperExchange.PlanClose(position, price, CloseReason.Reset, info, current.Rules));
        }
        var account = state.Account with
        {
            Balance = state.Config.InitialBalance, RealizedPnl = 0m, FeesPaid = 0m, TradeCount = 0, Wins = 0, Losses = 0, ResetAt = now,
        };
        // Executed for their trade records only: the reset sets the account itself.
        await CommitAsync(null, account, null, [], PaperExchange.Execute(state.Account.Balance, closes, now).Orders, now,
            extraEvents: [EventDraft.Public(BotEvents.ResetDone, new BotEvents.BotChangedEvent(Id, state.Config.DisplayName, "reset"), Id), .. Audit(by, "reset")]);
        riskClosesSinceTurn = [];
        return View();
    }

    public async Task<Result<SummaryView>> ForceSummarize(AdminActor? by = null)
    {
        if (state is null) return Missing;
        var summary = await SummarizeIfDueAsync(await CurrentSettingsAsync(), force: true, Audit(by, "summarized").ToArray());
        return summary is null
            ? Rejection.Conflict("Nothing to summarize: every decision since the last summary is still inside the prompt window.")
            : new SummaryView(summary.Id, summary.Text, summary.ThroughDecisionId, summary.DecisionsFolded, summary.CreatedAt);
    }

    /// <summary>
    /// Folds the decisions that left the prompt window since the last summary into a new summary, when there
    /// are more than <see cref="ArenaSettings.SummarizeAfter"/> of them (or any, when forced). The count resets
    /// with each summary, so this runs only when the threshold is crossed again.
    /// </summary>
    private async Task<HistorySummaryRecord?> SummarizeIfDueAsync(ArenaSettings current, bool force, IReadOnlyList<EventDraft>? events = null)
    {
        var outside = state!.DecisionsSinceSummary - current.PromptWindow;
        if (outside <= 0 || (!force && outside <= current.SummarizeAfter)) return null;
        var folded = await store.DecisionsAfterAsync(Id, state.Summary?.ThroughDecisionId ?? 0, outside);
        if (folded.Count == 0) return null;
        var text = HistorySummarizer.Fold(state.Summary?.Text, folded.Select(StoredDecision.ToPastTurn));
        var summary = await store.InsertSummaryAsync(Id, text, folded[^1].Id, folded.Count, clock.Now(), events ?? []);
        state = state with { Summary = summary, DecisionsSinceSummary = state.DecisionsSinceSummary - folded.Count };
        LogSummarized(Id, folded.Count);
        return summary;
    }

    private async Task CommitTurnAsync(PendingTurn turn, BotAccount account, DecisionToRecord decision, IReadOnlyList<BotEvents.DecisionActionEvent> actions,
        IReadOnlyList<ExecutedOrder> orders, DateTimeOffset now)
    {
        await CommitAsync(turn.Lease, account, decision, actions, orders, now);
        riskClosesSinceTurn = [];
    }

    /// <summary>The one write path: commits the executed orders as they are, then replaces the hot state.</summary>
    private async Task CommitAsync(LeaseGrant? lease, BotAccount account, DecisionToRecord? decision, IReadOnlyList<BotEvents.DecisionActionEvent> actions,
        IReadOnlyList<ExecutedOrder> orders, DateTimeOffset now, IReadOnlyList<EventDraft>? extraEvents = null)
    {
        var s = state!;
        var rows = await store.CommitAsync(Id, s.Account.Version,
            new BotCommit(lease, account, decision, actions, orders, s.Prompt?.Version, extraEvents ?? []));
        var closedIds = orders.Select(o => o.Order).OfType<PlannedClose>().Select(c => c.Position.Id).ToArray();
        if (rows.Opened.Count > 0) EngineMetrics.Fills.Add(rows.Opened.Count, new KeyValuePair<string, object?>("fill", "entry"));
        if (closedIds.Length > 0) EngineMetrics.Fills.Add(closedIds.Length, new KeyValuePair<string, object?>("fill", "exit"));

        var positions = s.Positions.RemoveAll(p => closedIds.Contains(p.Id)).AddRange(rows.Opened);
        var lastTrades = s.LastTradeAt.SetItems(orders.Select(o => new KeyValuePair<string, DateTimeOffset>(o.Trade.Symbol, o.Trade.ExecutedAt)));
        var recent = s.RecentDecisions;
        var since = s.DecisionsSinceSummary;
        if (decision is not null && rows.DecisionId is { } id)
        {
            var window = (knownSettings ?? await CurrentSettingsAsync()).PromptWindow;
            recent = recent.Add(new DecisionDigest(id, decision.TurnNumber, now, decision.Success, decision.DecisionsJson, decision.NotesJson, decision.Error));
            if (recent.Count > window) recent = recent.RemoveRange(0, recent.Count - window);
            since++;
        }
        state = s with
        {
            Account = account with { Version = s.Account.Version + 1 },
            Positions = positions,
            LastTradeAt = lastTrades,
            RecentDecisions = recent,
            DecisionsSinceSummary = since,
        };
    }

    private async Task RecordFailedTurnAsync(LeaseGrant lease, DateTimeOffset now, string providerId, string error)
    {
        var s = state!;
        var decision = new DecisionToRecord(s.Account.TurnCount + 1, providerId, s.Prompt?.Version, s.Summary?.Id, null, null, null, "[]", "[]", false, error,
            null, null, null);
        var account = s.Account with { TurnCount = s.Account.TurnCount + 1, LastTurnAt = now };
        await CommitAsync(lease, account, decision, [], [], now);
    }

    private async Task RecordBudgetSpentAsync(LeaseGrant lease, int budget, DateTimeOffset now)
    {
        var day = BotRules.TokenDay(now);
        if (budgetEventDay == day) return;
        budgetEventDay = day;
        var a = state!.Account;
        await store.AppendEventsAsync([EventDraft.ForAdmins(BotEvents.BudgetExhausted, new BotEvents.BudgetSpentEvent(Id, a.TokensUsedToday, budget, day), Id)], now);
    }

    private bool BudgetSpent(BotState s, out int budget)
    {
        budget = BotRules.TokenBudget(s.Config, knownSettings?.DailyTokenBudget ?? 0);
        return BotRules.BudgetSpent(s.Account, budget, clock.GetUtcNow());
    }

    private async Task<DecisionContext> DecisionContextAsync(ArenaSettings current, DateTimeOffset now)
    {
        var s = state!;
        var symbols = market.Symbols.ToDictionary(x => x.Symbol, StringComparer.Ordinal);
        return new DecisionContext(s.Account.Balance, s.Positions, current.Rules, s.Config.MaxLeverage, await leveragePolicies.CurrentAsync(),
            symbols, market.Quotes, s.LastTradeAt, now);
    }

    private IReadOnlyDictionary<string, IReadOnlyList<decimal>> RecentCloses(IEnumerable<string> symbols) =>
        symbols.ToDictionary(symbol => symbol, symbol => market.RecentCloses(symbol, RecentClosesInPrompt), StringComparer.Ordinal);

    private async ValueTask<ArenaSettings> CurrentSettingsAsync() => knownSettings = await settings.CurrentAsync();

    private long? LastDecisionId() => state?.RecentDecisions.LastOrDefault()?.Id;

    private static BotAccount Apply(BotAccount a, Execution e) => a with
    {
        Balance = e.BalanceAfter,
        RealizedPnl = a.RealizedPnl + e.Delta.RealizedPnl,
        FeesPaid = a.FeesPaid + e.Delta.FeesPaid,
        TradeCount = a.TradeCount + e.Delta.ClosedTrades,
        Wins = a.Wins + e.Delta.Wins,
        Losses = a.Losses + e.Delta.Losses,
    };

    private static string? Trim(string? text) => text is null || text.Length <= 500 ? text : text[..500] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {BotId} folded {Count} decisions into its history summary")]
    private partial void LogSummarized(string botId, int count);
}
