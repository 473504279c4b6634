using System.Text.RegularExpressions;

namespace Arena.Grains.Bots;

/// <summary>Pure validation of bot configuration. Field names are the admin API's JSON names.</summary>
public static partial class BotRules
{
    public const int MaxPromptLength = 20_000;
    public const decimal MaxInitialBalance = 1_000_000_000m;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,63}$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static void CheckId(string? id, FieldErrors errors)
    {
        if (!IsValidId(id)) errors.Add("id", "Id must be 2-64 characters: lower-case letters, digits, '_' or '-', starting with a letter or digit.");
    }

    public static void CheckConfig(string? displayName, string? avatarUrl, string? providerId, TradingMode mode, decimal initialBalance, int maxLeverage, int? dailyTokenBudget, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 64) errors.Add("displayName", "Display name is required and at most 64 characters.");
        Users.AccountRules.CheckAvatarUrl(avatarUrl, errors);
        if (string.IsNullOrWhiteSpace(providerId)) errors.Add("providerId", "A provider id is required.");
        if (mode == TradingMode.Real)
            errors.Add("tradingMode", "Real trading is not available yet: the exchange adapter does not exist. Use 'paper'.");
        if (initialBalance <= 0 || initialBalance > MaxInitialBalance) errors.Add("initialBalance", "Initial balance must be greater than 0 and at most 1,000,000,000.");
        if (maxLeverage is < 1 or > 125) errors.Add("maxLeverage", "Max leverage must be between 1 and 125.");
        if (dailyTokenBudget is < 0) errors.Add("dailyTokenBudget", "Daily token budget must be 0 (no limit) or more.");
    }

    public static void CheckPrompt(string? prompt, FieldErrors errors, string field = "prompt")
    {
        if (string.IsNullOrWhiteSpace(prompt)) errors.Add(field, "A prompt is required.");
        else if (prompt.Length > MaxPromptLength) errors.Add(field, $"A prompt is at most {MaxPromptLength} characters.");
    }

    /// <summary>
    /// What a bot is doing, from its rows alone (the grain and the public read side agree by calling this):
    /// inactive before paused before out of budget. The daily token budget is the bot's own, else the arena's
    /// (<paramref name="arenaDailyTokenBudget"/>); 0 means no limit; the day is the UTC date of <paramref name="now"/>.
    /// </summary>
    public static BotStatus StatusOf(BotConfig config, BotAccount account, int arenaDailyTokenBudget, DateTimeOffset now)
    {
        if (!config.IsActive) return BotStatus.Inactive;
        if (config.IsPaused) return BotStatus.Paused;
        return BudgetSpent(config, account, arenaDailyTokenBudget, now, out _) ? BotStatus.BudgetExhausted : BotStatus.Running;
    }

    public static bool BudgetSpent(BotConfig config, BotAccount account, int arenaDailyTokenBudget, DateTimeOffset now, out int budget)
    {
        budget = config.DailyTokenBudget ?? arenaDailyTokenBudget;
        return budget > 0 && account.TokenDay == TokenDay(now) && account.TokensUsedToday >= budget;
    }

    /// <summary>The UTC date tokens are counted under (<c>bot_accounts.token_day</c>).</summary>
    public static string TokenDay(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The status as the API spells it.</summary>
    public static string WireName(BotStatus status) => status switch
    {
        BotStatus.Running => "running",
        BotStatus.Paused => "paused",
        BotStatus.Inactive => "inactive",
        BotStatus.BudgetExhausted => "budget_exhausted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
