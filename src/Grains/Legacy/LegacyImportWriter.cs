using Arena.Grains.Bots;
using Arena.Grains.Events;
using Arena.Grains.Market;
using Arena.Grains.Providers;

namespace Arena.Grains.Legacy;

/// <summary>
/// Applies an <see cref="ImportPlan"/> in ONE transaction: everything or nothing. Rows that carry a legacy
/// id insert with <c>ON CONFLICT (bot_id, external_id) WHERE external_id IS NOT NULL DO NOTHING</c>, so a
/// repeated import adds nothing; a bot, its prompt and its account are written only when the bot is new.
/// No statement is expected to fail: a failed statement would abort a PostgreSQL transaction, so conflicts
/// that no ON CONFLICT covers (an engine-opened position on the same symbol) are looked for first.
/// The rows are written by their tables' stores (ProviderStore, MarketStore, BotStore), composed into this transaction.
/// </summary>
public sealed class LegacyImportWriter(Database database)
{
    public async Task<ImportOutcome> ApplyAsync(ImportPlan plan, CancellationToken cancellationToken = default)
    {
        try
        {
            var summary = await database.InTransactionAsync(tx => WriteAsync(tx, plan), cancellationToken);
            return new ImportOutcome(summary, []);
        }
        catch (ImportRefused refused)
        {
            return new ImportOutcome(null, refused.Errors);
        }
    }

    private static async Task<ImportSummary> WriteAsync(Tx tx, ImportPlan plan)
    {
        var existing = await CheckTargetsAsync(tx, plan);
        var now = plan.ImportedAt;
        var warnings = new List<string>(plan.Warnings);

        var providersCreated = 0;
        foreach (var p in plan.Providers)
            if (await ProviderStore.AddIfAbsentAsync(tx, p.ToSettings(), now)) providersCreated++;

        var symbolsAdded = await MarketStore.AddSymbolsIfAbsentAsync(tx, plan.Symbols.Select(s => s.ToSymbol()), isActive: false, now);

        int botsCreated = 0, trades = 0, open = 0, closed = 0, decisions = 0;
        var skippedOpen = 0;
        foreach (var bot in plan.Bots)
        {
            var isNew = !existing.Contains(bot.Id);
            if (isNew)
            {
                await CreateBotAsync(tx, bot, now);
                botsCreated++;
            }
            var (o, c, skipped) = await InsertPositionsAsync(tx, bot, warnings);
            var t = await BotStore.AddImportedTradesAsync(tx, bot.Id, bot.Trades, await BotStore.ImportedPositionIdsAsync(tx, bot.Id));
            var d = await BotStore.AddImportedDecisionsAsync(tx, bot.Id, bot.Decisions);
            if (!isNew && o + c + t + d > 0)
                warnings.Add($"{bot.Id}: already present, so its account was left as it is, but {t} trade(s), {o + c} position(s) and {d} decision(s) new to it were added");
            (open, closed, trades, decisions, skippedOpen) = (open + o, closed + c, trades + t, decisions + d, skippedOpen + skipped);
        }

        var positionCount = plan.Bots.Sum(b => b.Positions.Count);
        return new ImportSummary(
            botsCreated, plan.Bots.Count - botsCreated, plan.Bots.Where(b => b.Renamed).Select(b => (b.LegacyId, b.Id)).ToList(),
            providersCreated, plan.Providers.Count - providersCreated,
            trades, plan.Bots.Sum(b => b.Trades.Count) - trades,
            open, closed, positionCount - open - closed - skippedOpen,
            decisions, plan.Bots.Sum(b => b.Decisions.Count) - decisions,
            symbolsAdded, plan.Symbols.Count - symbolsAdded, plan.MarketDataIgnored, warnings);
    }

    /// <summary>
    /// Refuses (before any write) an unknown <c>--provider</c> and bots whose id is taken by a bot that no
    /// import created (the engine's own history must not be mixed with legacy rows). Returns the ids of
    /// bots a previous import created.
    /// </summary>
    private static async Task<HashSet<string>> CheckTargetsAsync(Tx tx, ImportPlan plan)
    {
        var errors = new List<LegacyError>();
        if (plan.AssignedProviderId is { } providerId && !await ProviderStore.ExistsAsync(tx, providerId))
            errors.Add(new LegacyError("--provider", $"no ai_providers row has the id '{providerId}'"));
        var imported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Bots.Count; i++)
        {
            var bot = plan.Bots[i];
            var note = await BotStore.FirstPromptNoteAsync(tx, bot.Id);
            if (note is null) continue;
            if (note == LegacyImportPlanner.PromptNote) imported.Add(bot.Id);
            else errors.Add(new LegacyError($"bots[{i}].id", $"a bot '{bot.Id}' already exists and was not created by import-state; nothing was imported"));
        }
        if (errors.Count > 0) throw new ImportRefused(errors);
        return imported;
    }

    private static async Task CreateBotAsync(Tx tx, BotImport bot, DateTimeOffset now)
    {
        // CheckTargetsAsync saw no such bot in this transaction: only a concurrent writer can have created it since.
        if (!await BotStore.AddIfAbsentAsync(tx, bot.ToConfig(now), bot.Prompt, LegacyImportPlanner.PromptNote, bot.Account.ToAccount()))
            throw new InvalidOperationException($"Bot '{bot.Id}' was created by someone else during the import; nothing was imported.");
        await EventOutbox.AppendAsync(tx, [EventDraft.Public(BotEvents.Created, new BotEvents.BotChangedEvent(bot.Id, bot.DisplayName, "imported"), bot.Id)], now);
    }

    private static async Task<(int Open, int Closed, int Skipped)> InsertPositionsAsync(Tx tx, BotImport bot, List<string> warnings)
    {
        int open = 0, closed = 0, skipped = 0;
        foreach (var p in bot.Positions)
        {
            if (p.IsOpen)
            {
                var holder = await BotStore.OpenPositionExternalIdAsync(tx, bot.Id, p.Symbol);
                if (holder is not null && holder != p.ExternalId)
                {
                    warnings.Add($"{bot.Id}: open position {p.ExternalId} ({p.Symbol}) was not imported: the bot already holds another open {p.Symbol} position");
                    skipped++;
                    continue;
                }
            }
            if (!await BotStore.AddImportedPositionAsync(tx, bot.Id, p)) continue;
            if (p.IsOpen) open++;
            else closed++;
        }
        return (open, closed, skipped);
    }

    private sealed class ImportRefused(IReadOnlyList<LegacyError> errors) : Exception("The import was refused.")
    {
        public IReadOnlyList<LegacyError> Errors { get; } = errors;
    }
}
