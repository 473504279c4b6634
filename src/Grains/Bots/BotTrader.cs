using Arena.Grains.Events;
using Arena.Grains.Market;
using Arena.Grains.Providers;
using Arena.Grains.Signals;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

/// <summary>A turn ready for its provider call, made outside the grain so a slow provider never blocks the bot's other calls.</summary>
public sealed record PreparedTurn(Guid TurnId, IProviderSession Session, DecisionRequest Request);

/// <summary>What preparing a turn did: the state after it, and either a plan or why there is no turn now and when to ask again.</summary>
public sealed record TurnStart(BotState State, PreparedTurn? Plan, DateTimeOffset NextDueAt, string? SkipReason);

/// <summary>
/// The trading side of one bot activation (one instance per activation): a turn is <see cref="PrepareAsync"/> (build
/// the prompt from the current state) → the provider call, made outside the grain → <see cref="CompleteAsync"/> (parse,
/// validate against the state as it is THEN, execute, and commit everything in one transaction). Risk closes, resets
/// and snapshots use the same write path; every commit checks the account's version, which is the fence that keeps a
/// stale activation (another one ran the bot meanwhile) from ever committing. It keeps what lives only as long as the
/// activation: the provider session, the pending turn, the risk closes since the last turn. Methods take the grain's
/// state and return the state after them.
/// </summary>
public sealed partial class BotTrader(
    BotStore store,
    SettingsService settings,
    IMarketFeed market,
    IDecisionProviders providers,
    LeveragePolicies leveragePolicies,
    TimeProvider clock,
    ILogger<BotTrader> logger) : IDisposable
{
    /// <summary>A pending turn older than this is abandoned (its answer is discarded), so a lost answer never wedges the bot.</summary>
    public static readonly TimeSpan PendingTurnLimit = TimeSpan.FromMinutes(10);

    private const int RecentClosesInPrompt = 30;

    private PendingTurn? pending;
    private IProviderSession? session;
    private long? sessionCredentialVersion;
    private string? budgetEventDay;
    private ImmutableList<PastAction> riskClosesSinceTurn = [];

    private sealed record PendingTurn(Guid Id, long TurnNumber, DateTimeOffset PreparedAt, long StartedTimestamp, int? PromptVersion, long? SummaryId,
        string PromptContext, string PromptSha256, string ProviderId);

    /// <summary>The arena settings as last read (for the admin view's budget status).</summary>
    public ArenaSettings? KnownSettings { get; private set; }

    public bool TurnInFlight => pending is { } p && clock.GetUtcNow() - p.PreparedAt < PendingTurnLimit;

    public async Task<TurnStart> PrepareAsync(BotState s)
    {
        var current = await CurrentSettingsAsync();
        var now = clock.Now();
        TurnStart Skip(string reason, TimeSpan? after = null) => new(s, null, now + (after ?? current.TurnInterval), reason);
        if (!s.Config.IsActive) return Skip("inactive");
        if (s.Config.IsPaused) return Skip("paused");
        if (s.Config.TradingMode != TradingMode.Paper) return Skip("real trading is not available");

        var due = (s.Account.LastTurnAt ?? DateTimeOffset.MinValue) + current.TurnInterval;
        if (due > now) return new TurnStart(s, null, due, "not due yet");
        if (TurnInFlight) return Skip("a turn is already in flight", TimeSpan.FromSeconds(1));
        if (BudgetSpent(s, out var budget))
        {
            await RecordBudgetSpentAsync(s, budget, now);
            return Skip("daily token budget spent");
        }
        if (market.Quotes.Count == 0) return Skip("no market data yet", TimeSpan.FromSeconds(1));
        // The provider row and its credential's version are read every turn (one primary-key read): an admin's edit
        // of the provider or a key rotation reaches a running bot at its next turn, on whichever silo runs it.
        var (provider, credentialVersion) = await store.CurrentProviderAsync(s.Config.ProviderId);
        if (provider is null || s.Prompt is null) return Skip("no provider or prompt");
        s = s with { Provider = provider };

        if (session is null || session.Settings.Version != provider.Version || sessionCredentialVersion != credentialVersion)
        {
            DropSession();
            var opened = await providers.OpenAsync(provider, CancellationToken.None);
            if (!opened.IsOk)
            {
                s = await RecordFailedTurnAsync(s, now, provider.Id, "provider unavailable: " + (opened.Rejection!.Detail ?? opened.Rejection.Title));
                return new TurnStart(s, null, now + current.TurnInterval, "provider unavailable");
            }
            session = opened.Value!;
            sessionCredentialVersion = credentialVersion;
        }

        var context = await DecisionContextAsync(s, current, now);
        var closes = RecentCloses(context.Symbols.Keys);
        var turnNumber = s.Account.TurnCount + 1;
        var recentTurns = s.RecentDecisions.Select(StoredDecision.ToPastTurn).ToList();
        if (!riskClosesSinceTurn.IsEmpty) recentTurns.Add(new PastTurn(long.MaxValue, now, riskClosesSinceTurn));
        var dynamicContext = PromptComposer.DynamicContext(context, turnNumber, closes, recentTurns);
        var prompt = PromptComposer.Compose(s.Prompt.Text, s.Summary?.Text, dynamicContext);
        var turn = new PendingTurn(Guid.NewGuid(), turnNumber, now, Stopwatch.GetTimestamp(), s.Prompt.Version, s.Summary?.Id, dynamicContext, PromptComposer.Sha256Hex(prompt), provider.Id);
        pending = turn;

        var equity = IsolatedMargin.Equity(context.Balance, context.Positions, context.Quotes);
        var request = new DecisionRequest(prompt, new TurnContext(s.Config.Id, turnNumber, now, context.Balance, equity, s.Config.MaxLeverage, current.Rules,
            context.Positions, context.Quotes, closes));
        return new TurnStart(s, new PreparedTurn(turn.Id, session, request), now + current.TurnInterval, null);
    }

    public async Task<(BotState State, TurnReport Report)> CompleteAsync(BotState s, Guid turnId, ProviderAnswer answer)
    {
        var current = await CurrentSettingsAsync();
        var now = clock.Now();
        if (pending is not { } turn || turn.Id != turnId)
            return (s, new TurnReport(false, null, 0, 0, s.Positions.Count, now + current.TurnInterval, "stale turn: the answer was discarded"));
        pending = null;
        // Paused or deactivated while the provider was thinking: the half turn is abandoned whole (no row, no turn number).
        if (!s.Config.IsActive || s.Config.IsPaused)
            return (s, new TurnReport(false, null, 0, 0, s.Positions.Count, now + current.TurnInterval, "the bot was paused during the turn; the answer was discarded"));

        var today = BotRules.TokenDay(now);
        var account = s.Account with
        {
            TurnCount = turn.TurnNumber,
            LastTurnAt = now,
            TokensUsedToday = (s.Account.TokenDay == today ? s.Account.TokensUsedToday : 0) + answer.PromptTokens + answer.CompletionTokens,
            TokenDay = today,
        };
        var latency = (int)Math.Min(int.MaxValue, answer.Latency.TotalMilliseconds);
        DecisionToRecord Record(bool success, string? error, IEnumerable<StoredDecision> decisions, IEnumerable<string> notes) => new(
            turn.TurnNumber, turn.ProviderId, turn.PromptVersion, turn.SummaryId, turn.PromptContext, turn.PromptSha256, answer.Text,
            StoredDecision.Serialize(decisions.Concat(riskClosesSinceTurn.Select(StoredDecision.FromRiskClose))),
            JsonSerializer.Serialize(notes.ToArray()), success, error, latency, answer.PromptTokens, answer.CompletionTokens);

        string? failure = null;
        if (!answer.Succeeded) failure = answer.Error ?? "the provider returned no answer";
        ParsedAnswer? parsed = null;
        if (failure is null)
        {
            parsed = DecisionParser.Parse(answer.Text);
            if (!parsed.Succeeded) failure = parsed.Failure;
        }
        if (failure is not null)
        {
            s = await CommitTurnAsync(s, turn, account, Record(false, failure, [], []), [], [], now);
            return (s, new TurnReport(true, LastDecisionId(s), 0, 0, s.Positions.Count, now + current.TurnInterval, failure));
        }

        var context = await DecisionContextAsync(s, current, now);
        var plan = DecisionValidator.Validate(parsed!.Decisions, context);
        var execution = PaperExchange.Execute(context.Balance, plan.Orders, now);
        account = Apply(account, execution);
        var notes = new List<string>();
        if (parsed.Repairs != AnswerRepairs.None) notes.Add($"answer repaired: {parsed.Repairs}");
        notes.AddRange(parsed.Warnings);
        foreach (var v in plan.Verdicts.Where(v => !v.Accepted)) notes.Add($"decision {v.Index + 1} rejected: {v.Rejection}");
        var signals = plan.Verdicts.Where(v => v.Order is not null).Select(v => SignalRules.Intent(v.Order!, v.Proposal with { Reasoning = Trim(v.Proposal.Reasoning) },
            v.Index, notes)).ToArray();
        s = await CommitTurnAsync(s, turn, account, Record(true, null, plan.Verdicts.Select(StoredDecision.From), notes),
            plan.Verdicts.Select(v => new BotEvents.DecisionActionEvent(v.Action is { } a ? WireEnum<DecisionAction>.Name(a) : v.Proposal.Action ?? "?",
                v.Symbol, v.Accepted ? StoredDecision.Accepted : StoredDecision.Rejected, v.Rejection?.Reason, Trim(v.Proposal.Reasoning))).ToArray(),
            execution.Orders, now, signals);
        (s, _) = await SummarizeAsync(s, force: false);
        var accepted = plan.Verdicts.Count(v => v.Accepted);
        return (s, new TurnReport(true, LastDecisionId(s), accepted, plan.Verdicts.Count - accepted, s.Positions.Count, now + current.TurnInterval, null));
    }

    public async Task<(BotState State, RiskReport Report)> CheckRiskAsync(BotState s)
    {
        if (s.Positions.IsEmpty) return (s, new RiskReport(0, 0));
        var current = await CurrentSettingsAsync();
        var closes = new List<PlannedOrder>();
        foreach (var position in s.Positions)
            if (market.TryGetQuote(position.Symbol, out var quote) && market.TryGetSymbol(position.Symbol, out var info)
                && RiskTriggers.Evaluate(position, quote.Price, info, current.Rules) is { } close)
                closes.Add(close);
        if (closes.Count == 0) return (s, new RiskReport(0, s.Positions.Count));

        var now = clock.Now();
        var execution = PaperExchange.Execute(s.Account.Balance, closes, now);
        s = await CommitAsync(s, Apply(s.Account, execution), null, [], execution.Orders, now);
        EngineMetrics.RiskCloses.Add(closes.Count);
        riskClosesSinceTurn = riskClosesSinceTurn.AddRange(closes.OfType<PlannedClose>()
            .Select(c => new PastAction("CLOSE", c.Symbol, null, c.RealizedPnl, c.Reason)));
        return (s, new RiskReport(closes.Count, s.Positions.Count));
    }

    /// <summary>Records balance and equity now, fenced like a turn: a stale activation's snapshot is refused.</summary>
    public async Task<BotState> SnapshotAsync(BotState s)
    {
        var now = clock.Now();
        var quotes = market.Quotes;
        var equity = IsolatedMargin.Equity(s.Account.Balance, s.Positions, quotes);
        var unrealized = s.Positions.Sum(p => quotes.TryGetValue(p.Symbol, out var q) ? IsolatedMargin.UnrealizedPnl(p, q.Price) : 0m);
        var a = s.Account;
        var snapshot = new BotEvents.SnapshotTakenEvent(s.Config.Id, a.Balance, equity, a.RealizedPnl, unrealized, a.TradeCount, a.WinRate, now);
        await store.InsertSnapshotAsync(a.Version, snapshot, EventDraft.Public(BotEvents.SnapshotTaken, snapshot, s.Config.Id));
        return s with { LastSnapshotAt = now };
    }

    /// <summary>Closes every open position (reason reset) and restores the initial balance; the history stays.</summary>
    public async Task<BotState> ResetAsync(BotState s, AdminActor? by)
    {
        var current = await CurrentSettingsAsync();
        var now = clock.Now();
        var closes = new List<PlannedOrder>();
        foreach (var position in s.Positions)
        {
            // Without a price (the symbol left the market) the position is closed at its entry: no PnL.
            var price = market.TryGetQuote(position.Symbol, out var quote) ? quote.Price : position.EntryPrice;
            var info = market.TryGetSymbol(position.Symbol, out var symbol) ? symbol
                : new SymbolInfo(position.Symbol, "", "", 8, 8, 0.00000001m, 0.00000001m, 0m, 0m);
            closes.Add(PaperExchange.PlanClose(position, price, CloseReason.Reset, info, current.Rules));
        }
        var account = s.Account with
        {
            Balance = s.Config.InitialBalance, RealizedPnl = 0m, FeesPaid = 0m, TradeCount = 0, Wins = 0, Losses = 0, ResetAt = now,
        };
        var id = s.Config.Id;
        // Executed for their trade records only: the reset sets the account itself.
        s = await CommitAsync(s, account, null, [], PaperExchange.Execute(s.Account.Balance, closes, now).Orders, now, extraEvents:
            [EventDraft.Public(BotEvents.ResetDone, new BotEvents.BotChangedEvent(id, s.Config.DisplayName, "reset"), id), .. AdminAudit.Events(by, "bots", id, "reset", id)]);
        riskClosesSinceTurn = [];
        return s;
    }

    /// <summary>
    /// Folds the decisions that left the prompt window since the last summary into a new summary, when there
    /// are more than <see cref="ArenaSettings.SummarizeAfter"/> of them (or any, when forced). The count resets
    /// with each summary, so this runs only when the threshold is crossed again.
    /// </summary>
    public async Task<(BotState State, HistorySummaryRecord? Summary)> SummarizeAsync(BotState s, bool force, IReadOnlyList<EventDraft>? events = null)
    {
        var current = await CurrentSettingsAsync();
        var outside = s.DecisionsSinceSummary - current.PromptWindow;
        if (outside <= 0 || (!force && outside <= current.SummarizeAfter)) return (s, null);
        var id = s.Config.Id;
        var folded = await store.DecisionsAfterAsync(id, s.Summary?.ThroughDecisionId ?? 0, outside);
        if (folded.Count == 0) return (s, null);
        var text = HistorySummarizer.Fold(s.Summary?.Text, folded.Select(StoredDecision.ToPastTurn));
        var summary = await store.InsertSummaryAsync(id, text, folded[^1].Id, folded.Count, clock.Now(), events ?? []);
        LogSummarized(id, folded.Count);
        return (s with { Summary = summary, DecisionsSinceSummary = s.DecisionsSinceSummary - folded.Count }, summary);
    }

    /// <summary>The bot's configuration changed (provider, pause): the next turn opens a fresh session.</summary>
    public void ConfigurationChanged() => DropSession();

    public void Dispose() => DropSession();

    private async Task<BotState> CommitTurnAsync(BotState s, PendingTurn turn, BotAccount account, DecisionToRecord decision,
        IReadOnlyList<BotEvents.DecisionActionEvent> actions, IReadOnlyList<ExecutedOrder> orders, DateTimeOffset now, IReadOnlyList<SignalIntent>? signals = null)
    {
        s = await CommitAsync(s, account, decision, actions, orders, now, signals: signals);
        riskClosesSinceTurn = [];
        EngineMetrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", decision.Success ? "ok" : "failed"));
        EngineMetrics.TurnDuration.Record(Stopwatch.GetElapsedTime(turn.StartedTimestamp).TotalMilliseconds);
        return s;
    }

    /// <summary>The one write path: commits the executed orders as they are (version-checked), then returns the state after it.</summary>
    private async Task<BotState> CommitAsync(BotState s, BotAccount account, DecisionToRecord? decision, IReadOnlyList<BotEvents.DecisionActionEvent> actions,
        IReadOnlyList<ExecutedOrder> orders, DateTimeOffset now, IReadOnlyList<EventDraft>? extraEvents = null, IReadOnlyList<SignalIntent>? signals = null)
    {
        var rows = await store.CommitAsync(s.Config.Id, s.Account.Version,
            new BotCommit(account, decision, actions, orders, s.Prompt?.Version, extraEvents ?? [], signals));
        var closedIds = orders.Select(o => o.Order).OfType<PlannedClose>().Select(c => c.Position.Id).ToArray();
        if (rows.Opened.Count > 0) EngineMetrics.Fills.Add(rows.Opened.Count, new KeyValuePair<string, object?>("fill", "entry"));
        if (closedIds.Length > 0) EngineMetrics.Fills.Add(closedIds.Length, new KeyValuePair<string, object?>("fill", "exit"));

        var positions = s.Positions.RemoveAll(p => closedIds.Contains(p.Id)).AddRange(rows.Opened);
        var lastTrades = s.LastTradeAt.SetItems(orders.Select(o => new KeyValuePair<string, DateTimeOffset>(o.Trade.Symbol, o.Trade.ExecutedAt)));
        var recent = s.RecentDecisions;
        var since = s.DecisionsSinceSummary;
        if (decision is not null && rows.DecisionId is { } decided)
        {
            var window = (KnownSettings ?? await CurrentSettingsAsync()).PromptWindow;
            recent = recent.Add(new DecisionDigest(decided, decision.TurnNumber, now, decision.Success, decision.DecisionsJson, decision.NotesJson, decision.Error));
            if (recent.Count > window) recent = recent.RemoveRange(0, recent.Count - window);
            since++;
        }
        return s with
        {
            Account = account with { Version = s.Account.Version + 1 },
            Positions = positions,
            LastTradeAt = lastTrades,
            RecentDecisions = recent,
            DecisionsSinceSummary = since,
        };
    }

    private async Task<BotState> RecordFailedTurnAsync(BotState s, DateTimeOffset now, string providerId, string error)
    {
        var decision = new DecisionToRecord(s.Account.TurnCount + 1, providerId, s.Prompt?.Version, s.Summary?.Id, null, null, null, "[]", "[]", false, error,
            null, null, null);
        var account = s.Account with { TurnCount = s.Account.TurnCount + 1, LastTurnAt = now };
        return await CommitAsync(s, account, decision, [], [], now);
    }

    private async Task RecordBudgetSpentAsync(BotState s, int budget, DateTimeOffset now)
    {
        var day = BotRules.TokenDay(now);
        if (budgetEventDay == day) return;
        budgetEventDay = day;
        var id = s.Config.Id;
        await store.AppendEventsAsync([EventDraft.ForAdmins(BotEvents.BudgetExhausted, new BotEvents.BudgetSpentEvent(id, s.Account.TokensUsedToday, budget, day), id)], now);
    }

    private bool BudgetSpent(BotState s, out int budget)
    {
        budget = BotRules.TokenBudget(s.Config, KnownSettings?.DailyTokenBudget ?? 0);
        return BotRules.BudgetSpent(s.Account, budget, clock.GetUtcNow());
    }

    private async Task<DecisionContext> DecisionContextAsync(BotState s, ArenaSettings current, DateTimeOffset now)
    {
        var symbols = market.Symbols.ToDictionary(x => x.Symbol, StringComparer.Ordinal);
        return new DecisionContext(s.Account.Balance, s.Positions, current.Rules, s.Config.MaxLeverage, await leveragePolicies.CurrentAsync(),
            symbols, market.Quotes, s.LastTradeAt, now);
    }

    private IReadOnlyDictionary<string, IReadOnlyList<decimal>> RecentCloses(IEnumerable<string> symbols) =>
        symbols.ToDictionary(symbol => symbol, symbol => market.RecentCloses(symbol, RecentClosesInPrompt), StringComparer.Ordinal);

    private async ValueTask<ArenaSettings> CurrentSettingsAsync() => KnownSettings = await settings.CurrentAsync();

    private void DropSession()
    {
        session?.Dispose();
        session = null;
    }

    private static long? LastDecisionId(BotState s) => s.RecentDecisions.LastOrDefault()?.Id;

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
