namespace Arena.Grains.Bots;

/// <summary>
/// Read-only queries for the admin API, straight from the rows. Reads do not go through the bot grains: a
/// listing would activate every bot on the silo serving it, and an activation on a silo that does not run
/// the bot's turns would show its account as of its activation. Writes still go through the grain.
/// </summary>
public sealed class BotQueries(Database database, SettingsService settings, TimeProvider clock)
{
    private const string ViewFilter = " WHERE (@id IS NULL OR b.id = @id)";

    public Task<IReadOnlyList<BotAdminView>> ListAsync(CancellationToken cancellationToken = default) => ViewsAsync(null, cancellationToken);

    public async Task<BotAdminView?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await ViewsAsync(id, cancellationToken)).SingleOrDefault();

    /// <summary>Every prompt version of a bot, oldest first; null when there is no such bot.</summary>
    public Task<IReadOnlyList<PromptVersionView>?> PromptsAsync(string botId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PromptVersionView>?>(async c =>
        {
            var active = (await c.QueryAsync<long?>("SELECT active_prompt_version FROM bots WHERE id = @botId", new { botId })).ToArray();
            if (active.Length == 0) return null;
            var prompts = await c.QueryAsync<PromptRow>(
                "SELECT version, prompt, note, created_at FROM bot_prompts WHERE bot_id = @botId ORDER BY version", new { botId });
            return prompts.Select(p => new PromptVersionView(botId, p.Version, p.Prompt, p.Note, p.CreatedAt, p.Version == active[0])).ToArray();
        }, cancellationToken);

    public async Task<Result<PromptVersionView>> PromptAsync(string botId, int version, CancellationToken cancellationToken = default)
    {
        var prompts = await PromptsAsync(botId, cancellationToken);
        if (prompts is null) return Rejection.NotFound("No bot has this id.");
        return prompts.FirstOrDefault(p => p.Version == version) is { } prompt
            ? prompt
            : Rejection.NotFound($"Bot '{botId}' has no prompt version {version}.");
    }

    private async Task<IReadOnlyList<BotAdminView>> ViewsAsync(string? id, CancellationToken cancellationToken)
    {
        var arenaBudget = (await settings.CurrentAsync(cancellationToken)).DailyTokenBudget;
        var now = clock.GetUtcNow();
        return await database.ReadAsync<IReadOnlyList<BotAdminView>>(async c =>
        {
            var configs = (await c.QueryAsync<ConfigRow>($"SELECT b.* FROM bots b{ViewFilter} ORDER BY b.id", new { id })).ToArray();
            if (configs.Length == 0) return [];
            var accounts = (await c.QueryAsync<AccountRow>($"""
                SELECT a.bot_id, a.balance, a.realized_pnl, a.fees_paid, a.trade_count, a.wins, a.losses, a.turn_count, a.last_turn_at,
                       a.tokens_used_today, a.token_day, a.reset_at, a.version
                FROM bot_accounts a JOIN bots b ON b.id = a.bot_id{ViewFilter}
                """, new { id })).ToDictionary(a => a.BotId, StringComparer.Ordinal);
            var open = (await c.QueryAsync<(string BotId, long Count)>($"""
                SELECT p.bot_id, count(*) FROM positions p JOIN bots b ON b.id = p.bot_id{ViewFilter} AND p.status = 'open' GROUP BY p.bot_id
                """, new { id })).ToDictionary(r => r.BotId, r => (int)r.Count, StringComparer.Ordinal);
            var summaries = (await c.QueryAsync<(string BotId, long Id)>($"""
                SELECT s.bot_id, max(s.id) FROM bot_history_summaries s JOIN bots b ON b.id = s.bot_id{ViewFilter} GROUP BY s.bot_id
                """, new { id })).ToDictionary(r => r.BotId, r => r.Id, StringComparer.Ordinal);
            return configs.Select(row =>
            {
                var config = row.ToConfig();
                var account = accounts[config.Id].ToAccount();
                return new BotAdminView(config, BotRules.Status(config, account, arenaBudget, now), account, open.GetValueOrDefault(config.Id),
                    config.ActivePromptVersion, summaries.TryGetValue(config.Id, out var summary) ? summary : null);
            }).ToArray();
        }, cancellationToken);
    }
}
