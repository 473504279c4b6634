using Arena.Grains.Bots;

namespace Arena.Grains.Desk;

/// <summary>
/// The rules of copy runs that need no I/O: what a valid draft is, and which state changes are allowed. Each rule
/// exists once, here; the HTTP validator and the desk grain both run it.
/// </summary>
public static class CopyRunRules
{
    public const decimal MaxFraction = 1m;
    public const decimal MaxNotional = 1_000_000m;
    public const int MaxOpenPositionsLimit = 50;
    public const int MaxToleranceBps = 10_000;
    public const int MaxSymbols = 50;

    /// <summary>Runs a user may hold that are not stopped; stopped runs stay readable and do not count.</summary>
    public const int MaxLiveRuns = 20;

    public const int MaxExternalIdLength = 200;

    /// <summary>
    /// The draft's settings, or a 400 naming every bad field. <paramref name="isKnownSymbol"/> says whether the market
    /// lists a symbol; the bot's existence is the grain's to check (it needs a read).
    /// </summary>
    public static Result<(string BotId, CopyRunSettings Settings)> Check(CopyRunDraft draft, Func<string, bool> isKnownSymbol)
    {
        var errors = new FieldErrors();
        var botId = draft.BotId?.Trim();
        errors.Require(!string.IsNullOrEmpty(botId), "botId", "Name the bot to follow.");
        var sizing = CheckSizing(draft, errors);
        errors.Require(draft.MaxLeverage is >= LeveragePolicyStore.MinLeverage and <= LeveragePolicyStore.MaxLeverage, "maxLeverage",
            $"The leverage cap must be a whole number from {LeveragePolicyStore.MinLeverage} to {LeveragePolicyStore.MaxLeverage}.");
        errors.Require(draft.MaxOpenPositions is >= 1 and <= MaxOpenPositionsLimit, "maxOpenPositions",
            $"The number of open mirrors must be from 1 to {MaxOpenPositionsLimit}.");
        errors.Require(draft.PriceToleranceBps is >= 0 and <= MaxToleranceBps, "priceToleranceBps",
            $"The price tolerance must be from 0 to {MaxToleranceBps} basis points.");
        var symbols = CheckSymbols(draft.Symbols, isKnownSymbol, errors);
        errors.Require(draft.ExternalId is null || (draft.ExternalId.Length is > 0 and <= MaxExternalIdLength), "externalId",
            $"The external id must be 1 to {MaxExternalIdLength} characters.");
        if (errors.Any) return errors.ToRejection();
        return (botId!, new CopyRunSettings(sizing!, draft.MaxLeverage!.Value, draft.MaxOpenPositions!.Value, draft.PriceToleranceBps!.Value, symbols));
    }

    private static CopySizing? CheckSizing(CopyRunDraft draft, FieldErrors errors)
    {
        if (!WireEnum<CopySizingMode>.TryParseExact(draft.SizingMode, out var mode))
        {
            errors.Add("sizing.mode", $"The sizing mode must be one of: {string.Join(", ", WireEnum<CopySizingMode>.Names)}.");
            return null;
        }
        if (mode == CopySizingMode.Proportional)
        {
            errors.Require(draft.Fraction is > 0 and <= MaxFraction, "sizing.fraction",
                $"Proportional sizing needs a fraction of the bot's fill above 0 and at most {MaxFraction}.");
            errors.Require(draft.Notional is null, "sizing.notional", "A notional is only for fixed sizing.");
            return new CopySizing(mode, draft.Fraction, null);
        }
        errors.Require(draft.Notional is > 0 and <= MaxNotional, "sizing.notional",
            $"Fixed sizing needs a notional above 0 and at most {MaxNotional} USDT.");
        errors.Require(draft.Fraction is null, "sizing.fraction", "A fraction is only for proportional sizing.");
        return new CopySizing(mode, null, draft.Notional);
    }

    /// <summary>Null (all symbols) or a non-empty, distinct, upper-case set of listed symbols, in the client's order.</summary>
    private static ImmutableArray<string>? CheckSymbols(IReadOnlyList<string?>? symbols, Func<string, bool> isKnownSymbol, FieldErrors errors)
    {
        if (symbols is null) return null;
        if (symbols.Count is 0 or > MaxSymbols)
        {
            errors.Add("symbols", $"List 1 to {MaxSymbols} symbols, or leave symbols out to follow every symbol.");
            return null;
        }
        var normalized = symbols.Select(LeveragePolicyStore.Normalize).ToArray();
        var unknown = normalized.Where(s => !isKnownSymbol(s)).ToArray();
        if (unknown.Length > 0)
        {
            errors.Add("symbols", $"Not listed by the market: {string.Join(", ", unknown.Select(s => s.Length == 0 ? "(empty)" : s))}.");
            return null;
        }
        return normalized.Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>
    /// The state a command moves a run to, or 409. publish: draft → active; pause: active → paused; resume:
    /// paused → active; stop: any but stopped → stopped (final).
    /// </summary>
    public static Result<CopyRunStatus> Transition(CopyRunStatus from, CopyRunCommand command) => (command, from) switch
    {
        (CopyRunCommand.Publish, CopyRunStatus.Draft) => CopyRunStatus.Active,
        (CopyRunCommand.Pause, CopyRunStatus.Active) => CopyRunStatus.Paused,
        (CopyRunCommand.Resume, CopyRunStatus.Paused) => CopyRunStatus.Active,
        (CopyRunCommand.Stop, not CopyRunStatus.Stopped) => CopyRunStatus.Stopped,
        _ => Rejection.Conflict($"A {WireEnum<CopyRunStatus>.Name(from)} run cannot be {Done(command)}.", "status"),
    };

    private static string Done(CopyRunCommand command) => command switch
    {
        CopyRunCommand.Publish => "published",
        CopyRunCommand.Pause => "paused",
        CopyRunCommand.Resume => "resumed",
        _ => "stopped",
    };
}

/// <summary>The state changes a follower asks for.</summary>
[GenerateSerializer]
public enum CopyRunCommand { Publish, Pause, Resume, Stop }
