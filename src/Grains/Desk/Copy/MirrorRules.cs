using Arena.Grains.Bots;
using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>The entry a run would open for a bot fill, before the desk's own open rules (margin, exchange minimums) weigh it.</summary>
[GenerateSerializer, Immutable]
public sealed record MirrorEntry(
    [Id(0)] string Symbol,
    [Id(1)] PositionSide Side,
    [Id(2)] decimal Notional,
    [Id(3)] int Leverage,
    [Id(4)] decimal? StopLoss,
    [Id(5)] decimal? TakeProfit);

/// <summary>A skip and the sentence that explains it to the follower.</summary>
public sealed record MirrorSkipped(MirrorSkip Reason, string Detail)
{
    public string ReasonName => WireEnum<MirrorSkip>.Name(Reason);
}

/// <summary>
/// Sizing and skips of copy trading (docs/trading-desk.md, "Copy trading"), pure. The desk runs them, then its own
/// open rules (the bots' PaperExchange rules), which may still refuse: that is a skip too.
/// </summary>
public static class MirrorRules
{
    private const decimal BasisPoints = 10_000m;

    /// <summary>
    /// Proportional: fraction × the bot fill's notional (quantity × fill price), to Money.Decimals places. Fixed: the notional.
    /// E.g. the bot buys 0.5 BTC at 60,000 (30,000 USDT) and the run copies 0.1 of it: a 3,000 USDT mirror.
    /// </summary>
    public static decimal Notional(CopySizing sizing, decimal botNotional) => sizing.Mode == CopySizingMode.Proportional
        ? Money.Round(sizing.Fraction!.Value * botNotional)
        : sizing.Notional!.Value;

    /// <summary>The lowest of the bot's leverage, the run's cap and the symbol's policy cap (when there is one).</summary>
    public static int Leverage(int botLeverage, int runMaxLeverage, int? symbolMaxLeverage) =>
        Math.Max(LeveragePolicyStore.MinLeverage, Math.Min(Math.Min(botLeverage, runMaxLeverage), symbolMaxLeverage ?? LeveragePolicyStore.MaxLeverage));

    /// <summary>|live − fill| / fill × 10,000 &gt; tolerance: the price has run away from the bot's fill.</summary>
    public static bool PriceMoved(decimal livePrice, decimal fillPrice, int toleranceBps) =>
        Math.Abs(livePrice - fillPrice) * BasisPoints > toleranceBps * fillPrice;

    /// <summary>The move in basis points, rounded, for the follower's message.</summary>
    public static decimal MoveBps(decimal livePrice, decimal fillPrice) => Math.Round(Math.Abs(livePrice - fillPrice) / fillPrice * BasisPoints, 2);

    /// <summary>
    /// What a run does with an entry fill of its bot: the entry to open, or why not. Checked in order: the run's
    /// symbols, its open-mirror limit, a live price, the tolerance.
    /// </summary>
    public static (MirrorEntry? Entry, MirrorSkipped? Skip) PlanEntry(CopyRun run, CopyFill fill, decimal? livePrice, int openMirrorsOfRun, int? symbolMaxLeverage)
    {
        var settings = run.Settings;
        if (settings.Symbols is { } symbols && !symbols.Contains(fill.Symbol))
            return Skip(MirrorSkip.SymbolNotFollowed, $"The run does not follow {fill.Symbol}.");
        if (openMirrorsOfRun >= settings.MaxOpenPositions)
            return Skip(MirrorSkip.MaxOpenPositions, $"The run already has {openMirrorsOfRun} open mirrors (its limit is {settings.MaxOpenPositions}).");
        if (livePrice is not { } live || live <= 0)
            return Skip(MirrorSkip.NoPrice, $"No live price for {fill.Symbol}.");
        if (PriceMoved(live, fill.Price, settings.PriceToleranceBps))
            return Skip(MirrorSkip.PriceMoved, $"The price moved {Fmt.Num(MoveBps(live, fill.Price))} bps from the bot's fill at {Fmt.Num(fill.Price)} "
                + $"(now {Fmt.Num(live)}); the run tolerates {settings.PriceToleranceBps} bps.");
        var entry = new MirrorEntry(fill.Symbol, fill.Side, Notional(settings.Sizing, fill.Notional),
            Leverage(fill.Leverage, settings.MaxLeverage, symbolMaxLeverage), fill.StopLoss, fill.TakeProfit);
        return (entry, null);
    }

    /// <summary>
    /// A refusal of the desk's open rules as a skip: the wallet's balance not covering margin + fee (the desk's 409) has
    /// its own reason, no quote is <see cref="MirrorSkip.NoPrice"/>, the rest (exchange minimums, leverage policy, exit
    /// plan) is <see cref="MirrorSkip.Refused"/> with the desk's sentence.
    /// </summary>
    public static MirrorSkipped Refused(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.Conflict => new(MirrorSkip.InsufficientMargin, rejection.Detail ?? rejection.Title),
        RejectionKind.Busy => new(MirrorSkip.NoPrice, rejection.Detail ?? rejection.Title),
        _ => new(MirrorSkip.Refused, rejection.Detail ?? rejection.Title),
    };

    private static (MirrorEntry?, MirrorSkipped?) Skip(MirrorSkip reason, string detail) => (null, new MirrorSkipped(reason, detail));
}
