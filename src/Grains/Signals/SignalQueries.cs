namespace Arena.Grains.Signals;

/// <summary>The filters of <c>GET /api/signals</c>, parsed (null: no filter on that field).</summary>
public sealed record SignalFilter(string? BotId, string? Symbol, SignalDirection? Direction, SignalStatus? Status, PageRequest Page);

/// <summary>What a signal list query must be. Each bad field adds an error named as the API's query parameter.</summary>
public static class SignalQueries
{
    public const string SignalsScope = "signals";
    public const string ActionsScope = "signal-actions";

    private const int MaxIdLength = 64;

    public static SignalFilter Signals(string? botId, string? symbol, string? direction, string? status, string? cursor, string? limit, FieldErrors errors)
    {
        var page = PageRequest.Parse(SignalsScope, cursor, limit, errors);
        botId = Blank(botId);
        if (botId is not null) errors.Require(botId.Length <= MaxIdLength, "botId", $"A bot id has at most {MaxIdLength} characters.");
        var normalizedSymbol = Blank(symbol)?.ToUpperInvariant();
        if (normalizedSymbol is not null)
            errors.Require(normalizedSymbol.Length <= 32 && normalizedSymbol.All(char.IsAsciiLetterOrDigit), "symbol", "A symbol is letters and digits, such as BTCUSDT.");
        SignalDirection? parsedDirection = null;
        if (Blank(direction) is { } d)
        {
            errors.Require(WireEnum<SignalDirection>.TryParseExact(d, out var value), "direction",
                $"The direction is one of: {string.Join(", ", WireEnum<SignalDirection>.Names)}.");
            parsedDirection = value;
        }
        SignalStatus? parsedStatus = null;
        if (Blank(status) is { } st)
        {
            errors.Require(WireEnum<SignalStatus>.TryParseExact(st, out var value), "status",
                $"The status is one of: {string.Join(", ", WireEnum<SignalStatus>.Names)}.");
            parsedStatus = value;
        }
        return new SignalFilter(botId, normalizedSymbol, parsedDirection, parsedStatus, page);
    }

    public static PageRequest Actions(string? cursor, string? limit, FieldErrors errors) => PageRequest.Parse(ActionsScope, cursor, limit, errors);

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
