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

    public const int MaxNoteLength = 500;

    /// <summary>Every rule a new bot's definition must pass (the provider's existence is checked when it is stored).</summary>
    public static FieldErrors Check(BotDefinition d)
    {
        var errors = new FieldErrors();
        Check(d, errors);
        return errors;
    }

    public static void Check(BotDefinition d, FieldErrors errors)
    {
        CheckId(d.Id, errors);
        CheckConfig(d.DisplayName, d.AvatarUrl, d.ProviderId, d.TradingMode, d.InitialBalance, d.MaxLeverage, d.DailyTokenBudget, errors);
        CheckPrompt(d.Prompt, errors);
        CheckNote(d.PromptNote, errors, "promptNote");
    }

    public static void CheckNote(string? note, FieldErrors errors, string field = "note") =>
        errors.Require(note is not { Length: > MaxNoteLength }, field, $"A note is at most {MaxNoteLength} characters.");

    public static void CheckConfig(string? displayName, string? avatarUrl, string? providerId, TradingMode mode, decimal initialBalance, int maxLeverage, int? dailyTokenBudget, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 64) errors.Add("displayName", "Display name is required and at most 64 characters.");
        else TextRules.CheckPublicText(displayName, "displayName", errors);
        Users.AccountRules.CheckAvatarUrl(avatarUrl, errors);
        if (string.IsNullOrWhiteSpace(providerId)) errors.Add("providerId", "A provider id is required.");
        if (!Enum.IsDefined(mode))
            errors.Add("tradingMode", "Trading mode must be 'paper' or 'real'.");
        else if (mode == TradingMode.Real)
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

    /// <summary>The token budget that applies: the bot's own, else the arena's <c>dailyTokenBudget</c> setting (0 = no limit).</summary>
    public static int TokenBudget(BotConfig config, int arenaBudget) => config.DailyTokenBudget ?? arenaBudget;

    /// <summary>Whether the account has used up <paramref name="budget"/> tokens on the UTC day of <paramref name="now"/>.</summary>
    public static bool BudgetSpent(BotAccount account, int budget, DateTimeOffset now) =>
        budget > 0 && account.TokenDay == TokenDay(now) && account.TokensUsedToday >= budget;

    /// <summary>The UTC day token usage is counted in (<c>bot_accounts.token_day</c>).</summary>
    public static string TokenDay(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static BotStatus Status(BotConfig config, BotAccount account, int arenaBudget, DateTimeOffset now)
    {
        if (!config.IsActive) return BotStatus.Inactive;
        if (config.IsPaused) return BotStatus.Paused;
        return BudgetSpent(account, TokenBudget(config, arenaBudget), now) ? BotStatus.BudgetExhausted : BotStatus.Running;
    }
}
