using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

/// <summary>
/// Turns a validated legacy blob into the rows to insert (see docs/legacy-import.md for every mapping
/// decision). Pure: the same blob, options and instant always give the same plan.
/// </summary>
public static class LegacyImportPlanner
{
    /// <summary>The engine's default maintenance margin rate (setting <c>maintenanceMarginRate</c>).</summary>
    public const decimal MaintenanceMarginRate = 0.005m;

    /// <summary>Cap given to imported bots unless their history used more (legacy bots had no cap).</summary>
    public const int DefaultMaxLeverage = 10;

    /// <summary>Decimal places kept for derived quantities, margins and prices (legacy values are stored as given).</summary>
    public const int DerivedScale = 12;

    public const string PromptNote = "imported from the legacy arena_state blob (import-state)";

    public const int MaxPromptLength = 20_000;

    public static ImportPlan Plan(LegacyState state, ImportOptions options, DateTimeOffset importedAt)
    {
        var warnings = new List<string>();
        var bots = state.Bots.Select(b => PlanBot(b, options, importedAt, warnings)).ToList();
        var providers = options.ProviderId is not null ? [] : bots
            .Select(b => b.LegacyProviderId).Distinct().Order(StringComparer.Ordinal)
            .Select(id => new ProviderImport(id, $"Legacy {id["legacy-".Length..]} (imported)", LegacyIds.ProviderBaseUrl(id)))
            .ToList();
        if (options.Activate && options.ProviderId is null && bots.Count > 0)
            warnings.Add($"--activate without --provider: the bots run on {string.Join(", ", providers.Select(p => p.Id))}, which are inactive and have no credential until an admin configures them");
        return new ImportPlan(bots, providers, Symbols(state), options.ProviderId, state.MarketDataCount, warnings, importedAt);
    }

    public static decimal LiquidationPrice(PositionSide side, decimal entryPrice, int leverage, decimal maintenanceMarginRate = MaintenanceMarginRate)
    {
        var inverse = 1m / leverage;
        return Derived(side == PositionSide.Long
            ? entryPrice * (1 - inverse + maintenanceMarginRate)
            : entryPrice * (1 + inverse - maintenanceMarginRate));
    }

    /// <summary>Rounded half-even to <see cref="DerivedScale"/> places, trailing zeros dropped.</summary>
    public static decimal Derived(decimal value) => Math.Round(value, DerivedScale) / 1.000000000000000000000000000000000m;

    private static BotImport PlanBot(LegacyBot bot, ImportOptions options, DateTimeOffset importedAt, List<string> warnings)
    {
        var id = LegacyIds.BotId(bot.Id);
        var legacyProvider = LegacyIds.ProviderId(bot.Provider);
        if (bot.RealTrading) warnings.Add($"{id}: tradingMode 'real' imported as 'paper' (real trading is switched off in this system)");
        if (bot.Prompt.Length > MaxPromptLength)
            warnings.Add($"{id}: the prompt has {bot.Prompt.Length:N0} characters, more than the {MaxPromptLength:N0} the admin API accepts; it is imported as it is");
        var displayName = bot.Name.Length <= 64 ? bot.Name : bot.Name[..64];
        if (displayName.Length < bot.Name.Length) warnings.Add($"{id}: the name was cut to 64 characters");

        var pairing = PositionPairing.Pair(id, bot.Orders, bot.Positions);
        warnings.AddRange(pairing.Warnings);
        var (positions, trades) = PositionsAndTrades(bot, pairing, importedAt);
        var decisions = Decisions(id, legacyProvider, bot.Logs, warnings);

        var times = bot.Orders.Select(o => o.At).Concat(bot.Logs.Select(l => l.At)).ToList();
        var closed = positions.Where(p => !p.IsOpen).ToList();
        var tradeCount = bot.TradeCount ?? closed.Count;
        var wins = bot.WinRate is { } rate
            ? (int)Math.Round(rate * tradeCount, MidpointRounding.AwayFromZero)
            : Math.Min(tradeCount, closed.Count(p => p.RealizedPnl > 0));
        var account = new AccountImport(bot.Balance, bot.RealizedPnl ?? closed.Sum(p => p.RealizedPnl ?? 0), tradeCount, wins, tradeCount - wins,
            decisions.Count, decisions.Count == 0 ? null : decisions.Max(d => d.CreatedAt));
        var maxLeverage = bot.Orders.Select(o => o.Leverage).Concat(bot.Positions.Select(p => p.Leverage)).Append(DefaultMaxLeverage).Max();

        return new BotImport(bot.Id, id, displayName, options.ProviderId ?? legacyProvider, legacyProvider, bot.InitialBalance, maxLeverage,
            options.Activate, bot.IsPaused, bot.Prompt, times.Count == 0 ? importedAt : times.Min(), account, positions, trades, decisions);
    }

    private static (List<PositionImport> Positions, List<TradeImport> Trades) PositionsAndTrades(LegacyBot bot, Pairing pairing, DateTimeOffset importedAt)
    {
        var positions = new List<PositionImport>();
        // Which position each order belongs to, and the quantity its fill carries.
        var links = new Dictionary<string, (string Position, decimal Quantity)>(StringComparer.Ordinal);
        var realized = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (entry, exit) in pairing.Closed)
        {
            var side = PositionPairing.Side(entry);
            var quantity = Derived(entry.Size / entry.Price);
            var pnl = exit.Pnl ?? Derived((side == PositionSide.Long ? exit.Price - entry.Price : entry.Price - exit.Price) * quantity);
            positions.Add(new PositionImport(entry.Id, entry.Symbol, side, IsOpen: false, quantity, entry.Price, entry.Leverage,
                Derived(entry.Size / entry.Leverage), StopLoss: null, TakeProfit: null, LiquidationPrice(side, entry.Price, entry.Leverage),
                entry.At, exit.At, exit.Price, pnl));
            links[entry.Id] = (entry.Id, quantity);
            links[exit.Id] = (entry.Id, quantity);
            realized[exit.Id] = pnl;
        }

        var latest = bot.Orders.Select(o => o.At).Concat(bot.Logs.Select(l => l.At)).DefaultIfEmpty(importedAt).Max();
        foreach (var p in bot.Positions)
        {
            var entry = pairing.OpenEntries.GetValueOrDefault(p.Id);
            // Without its entry order, the position existed at least by the bot's last recorded moment.
            var openedAt = entry?.At ?? latest;
            var quantity = Derived(p.Size / p.EntryPrice);
            positions.Add(new PositionImport(p.Id, p.Symbol, p.Side, IsOpen: true, quantity, p.EntryPrice, p.Leverage, Derived(p.Size / p.Leverage),
                p.StopLoss, p.TakeProfit, p.LiquidationPrice ?? LiquidationPrice(p.Side, p.EntryPrice, p.Leverage),
                openedAt, ClosedAt: null, ExitPrice: null, RealizedPnl: null));
            if (entry is not null) links[entry.Id] = (p.Id, Derived(entry.Size / entry.Price));
        }

        var trades = TimeOrder(bot.Orders).Select(o =>
        {
            var linked = links.TryGetValue(o.Id, out var link);
            var quantity = linked ? link.Quantity : Derived(o.Size / o.Price);
            // An exit closes the entry's quantity: its notional is at the exit price (as the engine records it).
            var notional = linked && o.Fill == OrderFill.Exit ? Derived(o.Price * quantity) : o.Size;
            return new TradeImport(o.Id, o.Symbol, o.Fill == OrderFill.Exit ? "CLOSE" : o.Action, o.Fill, o.Price, quantity, notional, o.Leverage,
                o.Fill == OrderFill.Exit ? (realized.TryGetValue(o.Id, out var pnl) ? pnl : o.Pnl) : null, o.At, linked ? link.Position : null);
        }).ToList();
        return (positions.OrderBy(p => p.OpenedAt).ThenBy(p => p.IsOpen).ThenBy(p => p.ExternalId, StringComparer.Ordinal).ToList(), trades);
    }

    private static IEnumerable<LegacyOrder> TimeOrder(IEnumerable<LegacyOrder> orders) =>
        orders.OrderBy(o => o.At).ThenBy(o => o.Fill == OrderFill.Exit ? 0 : 1).ThenBy(o => o.Index);

    private static List<DecisionImport> Decisions(string botId, string legacyProvider, IReadOnlyList<LegacyLog> logs, List<string> warnings)
    {
        var drafts = new Dictionary<string, (LegacyLog Log, string Decisions, string Notes)>(StringComparer.Ordinal);
        foreach (var log in logs)
        {
            var decisionsJson = LegacyDecisions.DecisionsJson(log.Decisions);
            var notesJson = LegacyDecisions.NotesJson(log.Notes);
            var externalId = LegacyDecisions.ExternalId(botId, log.At, log.Prompt, decisionsJson, notesJson);
            if (!drafts.TryAdd(externalId, (log, decisionsJson, notesJson)))
                warnings.Add($"{botId}: botLogs[{log.Index}] repeats botLogs[{drafts[externalId].Log.Index}] exactly; imported once");
        }
        // Turn numbers follow time; equal timestamps are ordered by the content hash, never by array position.
        return drafts.OrderBy(d => d.Value.Log.At).ThenBy(d => d.Key, StringComparer.Ordinal).Select((d, i) =>
        {
            var (log, decisionsJson, notesJson) = d.Value;
            var failure = LegacyDecisions.FailureNote(log.Notes);
            return new DecisionImport(d.Key, i + 1, legacyProvider, log.Prompt, log.Prompt is null ? null : LegacyDecisions.Sha256(log.Prompt),
                decisionsJson, notesJson, failure is null, failure, log.At);
        }).ToList();
    }

    private static List<SymbolImport> Symbols(LegacyState state)
    {
        var quotes = state.MarketData.GroupBy(q => q.Symbol).ToDictionary(g => g.Key, g => g.Last().Price, StringComparer.Ordinal);
        var prices = state.Bots
            .SelectMany(b => b.Orders.Select(o => (o.Symbol, o.Price, o.At)).Concat(b.Positions.Select(p => (p.Symbol, Price: p.EntryPrice, At: DateTimeOffset.MinValue))))
            .GroupBy(x => x.Symbol, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        return prices.Select(g =>
        {
            var reference = quotes.TryGetValue(g.Key, out var quoted) ? quoted : g.MaxBy(x => x.At).Price;
            return SymbolInference.Infer(g.Key, g.Select(x => x.Price), reference);
        }).ToList();
    }
}
