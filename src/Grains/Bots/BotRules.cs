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
}
