using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

/// <summary>An entry order and the exit that closed it.</summary>
public sealed record ClosedPair(LegacyOrder Entry, LegacyOrder Exit);

/// <summary>
/// Closed positions, the entry order of each open position (keyed by the legacy position id), and what
/// could not be paired (those orders are still imported, as trades without a position).
/// </summary>
public sealed record Pairing(
    IReadOnlyList<ClosedPair> Closed,
    IReadOnlyDictionary<string, LegacyOrder> OpenEntries,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Rebuilds positions from the legacy order list. The legacy engine held at most one position per bot
/// and symbol and always closed it whole, so per symbol, in time order, an entry opens the position and
/// the next exit closes it. Time order is (timestamp, exits before entries, array index): at one instant
/// a close and a re-open can only have happened in that order (legacy arrays were newest-first, so the
/// array order is not trusted).
/// </summary>
public static class PositionPairing
{
    public static Pairing Pair(string botId, IReadOnlyList<LegacyOrder> orders, IReadOnlyList<LegacyPosition> openPositions)
    {
        var closed = new List<ClosedPair>();
        var openEntries = new Dictionary<string, LegacyOrder>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var portfolio = openPositions.ToDictionary(p => p.Symbol, StringComparer.Ordinal);

        foreach (var symbol in orders.Select(o => o.Symbol).Distinct().Order(StringComparer.Ordinal))
        {
            LegacyOrder? open = null;
            foreach (var order in orders.Where(o => o.Symbol == symbol).OrderBy(o => o.At).ThenBy(o => o.Fill == OrderFill.Exit ? 0 : 1).ThenBy(o => o.Index))
            {
                if (order.Fill == OrderFill.Entry)
                {
                    if (open is not null)
                        warnings.Add($"{botId}: entry order {open.Id} ({symbol}) is followed by entry {order.Id} before any exit; imported as a trade without a position");
                    open = order;
                }
                else if (open is null)
                {
                    warnings.Add($"{botId}: exit order {order.Id} ({symbol}, {order.At:u}) has no open entry before it; imported as a trade without a position");
                }
                else
                {
                    if (order.Size != open.Size)
                        warnings.Add($"{botId}: exit order {order.Id} ({symbol}) has size {order.Size}, its entry {open.Id} has {open.Size}; the position's quantity is the entry's");
                    closed.Add(new ClosedPair(open, order));
                    open = null;
                }
            }
            if (open is null) continue;
            if (portfolio.TryGetValue(symbol, out var position) && Side(open) == position.Side)
                openEntries[position.Id] = open;
            else if (position is not null)
                warnings.Add($"{botId}: entry order {open.Id} ({symbol} {open.Action}) does not match the open {WireEnum<PositionSide>.Name(position.Side)} position {position.Id}; imported as a trade without a position");
            else
                warnings.Add($"{botId}: entry order {open.Id} ({symbol}) has no exit and no open position in portfolio.positions; imported as a trade without a position");
        }
        return new Pairing(closed, openEntries, warnings);
    }

    public static PositionSide Side(LegacyOrder entry) => entry.Action == "SHORT" ? PositionSide.Short : PositionSide.Long;
}
