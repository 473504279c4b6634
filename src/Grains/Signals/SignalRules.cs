using Arena.Grains.Trading;

namespace Arena.Grains.Signals;

/// <summary>
/// The pure rules of signals (docs/trading-desk.md, "Signals"): what a decision's optional confidence and horizon mean,
/// which status a market price or a close moves an active signal to, and the return a signal would have made.
/// </summary>
public static class SignalRules
{
    public static readonly TimeSpan MinHorizon = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(30);

    /// <summary>Decimals of <see cref="ReturnPercent"/> (half away from zero).</summary>
    public const int ReturnDecimals = 4;

    /// <summary>
    /// A horizon is a whole number with a unit, <c>m</c> (minutes), <c>h</c>, <c>d</c> or <c>w</c> ("90m", "4h", "2d"), or
    /// a bare whole number of minutes ("240", 240); from 1 minute to 30 days. The normalized text is the number and its
    /// unit letter ("4h"; a bare number becomes "240m").
    /// </summary>
    public static bool TryHorizon(string? text, out string normalized, out TimeSpan lifetime)
    {
        normalized = "";
        lifetime = TimeSpan.Zero;
        var s = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(s) || s.Length > 12) return false;
        var unit = char.IsAsciiLetter(s[^1]) ? s[^1] : 'm';
        var digits = char.IsAsciiLetter(s[^1]) ? s[..^1].TrimEnd() : s;
        if (digits.Length is 0 or > 6 || !digits.All(char.IsAsciiDigit)) return false;
        var n = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        TimeSpan? span = unit switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7.0 * n),
            _ => null,
        };
        if (span is not { } value || value < MinHorizon || value > MaxHorizon) return false;
        (normalized, lifetime) = ($"{n}{unit}", value);
        return true;
    }

    /// <summary>A number from 0 to 1 ("0.75", 0.75), or a percentage from 0% to 100% ("75%" is 0.75).</summary>
    public static bool TryConfidence(string text, out decimal confidence)
    {
        var s = text.Trim();
        var percent = s.EndsWith('%');
        if (percent) s = s[..^1].TrimEnd();
        confidence = 0;
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return false;
        if (percent) value /= 100m;
        if (value < 0 || value > 1) return false;
        confidence = value;
        return true;
    }

    /// <summary>
    /// The signal part of an accepted decision: confidence within 0..1 and a readable horizon are kept; anything else
    /// becomes null and a note (the turn goes on: a signal's extras never fail a decision).
    /// </summary>
    public static SignalIntent Intent(PlannedOrder order, ProposedDecision proposal, int index, ICollection<string> notes)
    {
        decimal? confidence = null;
        if (proposal.Confidence is { } written)
        {
            if (TryConfidence(written, out var c)) confidence = c;
            else notes.Add($"decision {index + 1}: confidence {Fmt.Quote(written)} is not a number from 0 to 1 (or a percentage); the signal has none.");
        }
        string? horizon = null;
        TimeSpan? lifetime = null;
        if (proposal.Horizon is { } text)
        {
            if (TryHorizon(text, out var normalized, out var span)) (horizon, lifetime) = (normalized, span);
            else notes.Add($"decision {index + 1}: horizon {Fmt.Quote(text)} is not a duration such as 4h, 90m, 2d or a number of minutes (1 minute to 30 days); the signal has none.");
        }
        return new SignalIntent(order, confidence, horizon, lifetime, proposal.Reasoning);
    }

    /// <summary>
    /// The status a closed position leaves its open signal in: a stop-loss close (or a liquidation, which lies beyond the
    /// stop) is <c>hit_sl</c>, a take-profit close <c>hit_tp</c>, a close by decision or a reset <c>closed</c>.
    /// </summary>
    public static SignalStatus StatusOfClose(CloseReason reason) => reason switch
    {
        CloseReason.StopLoss or CloseReason.Liquidation => SignalStatus.HitStopLoss,
        CloseReason.TakeProfit => SignalStatus.HitTakeProfit,
        _ => SignalStatus.Closed,
    };

    /// <summary>
    /// The status an active long or short signal moves to at <paramref name="price"/> and <paramref name="now"/>, or null when
    /// it stays active. Past its horizon it is <c>expired</c> (whatever the price: the price came after the horizon); a
    /// price at or beyond the stop loss is <c>hit_sl</c>, checked before the take profit (the cautious reading of a gap);
    /// at or beyond the take profit <c>hit_tp</c>. A non-positive price is a broken feed and moves nothing.
    /// </summary>
    public static SignalStatus? StatusAt(SignalView signal, decimal? price, DateTimeOffset now)
    {
        if (!signal.IsActive || signal.Direction == SignalDirection.Close) return null;
        if (signal.ExpiresAt is { } expires && now >= expires) return SignalStatus.Expired;
        if (price is not { } p || p <= 0) return null;
        var isLong = signal.Direction == SignalDirection.Long;
        if (signal.StopLoss is { } stop && (isLong ? p <= stop : p >= stop)) return SignalStatus.HitStopLoss;
        if (signal.TakeProfit is { } target && (isLong ? p >= target : p <= target)) return SignalStatus.HitTakeProfit;
        return null;
    }

    /// <summary>
    /// What following the signal would have returned, in percent of the notional (unlevered, before fees):
    /// <c>(price − entry) / entry × 100</c> for a long, the negative for a short, rounded to <see cref="ReturnDecimals"/>.
    /// Null without a usable entry or price.
    /// </summary>
    public static decimal? ReturnPercent(SignalDirection direction, decimal entry, decimal? price)
    {
        if (direction == SignalDirection.Close || entry <= 0 || price is not { } p || p <= 0) return null;
        var move = (p - entry) / entry * 100m;
        return Math.Round(direction == SignalDirection.Long ? move : -move, ReturnDecimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The price a tracked signal is valued at: the market price while the signal is active (or when it is not a server
    /// signal), the price its status was decided at once it ended.
    /// </summary>
    public static decimal? ValuationPrice(SignalView? signal, decimal? marketPrice) =>
        signal is { IsActive: false } ended ? ended.StatusPrice : marketPrice;
}
