using System.Buffers.Binary;
using System.Security.Cryptography;
using Arena.Grains.Trading;
using static System.FormattableString;

namespace Arena.Grains.Providers.Rules;

/// <summary>
/// A baseline that trades on dice: each open position is closed with probability 30 %, and with
/// probability 50 % one new position is opened on a symbol not yet held, side and leverage drawn too.
/// The dice are seeded from the bot id and turn number, so a turn replays identically.
/// </summary>
internal static class RandomWalkStrategy
{
    public const string Name = "random_walk";
    private const int ClosePercent = 30;
    private const int OpenPercent = 50;

    // 8 % of the free balance as margin, stop and target 3 % away.
    private static readonly EntryStyle Style = new(0.08m, 0.03m, 0.03m);

    public static IReadOnlyList<RuleDecision> Decide(TurnContext context)
    {
        var dice = StableRandom.For(context.BotId, context.TurnNumber);
        var decisions = new List<RuleDecision>();
        foreach (var position in context.Positions.OrderBy(p => p.Id))
        {
            var roll = dice.Next(100);
            if (roll < ClosePercent)
                decisions.Add(new RuleDecision(DecisionAction.Close, position.Symbol, null, null, null, null,
                    Invariant($"random walk: rolled {roll} (< {ClosePercent}), closing the {(position.Side == PositionSide.Long ? "LONG" : "SHORT")} on {position.Symbol}.")));
        }

        var held = context.Positions.Select(p => p.Symbol).ToHashSet(StringComparer.Ordinal);
        var candidates = context.Quotes.Where(q => q.Value.Price > 0 && !held.Contains(q.Key)).Select(q => q.Key).Order(StringComparer.Ordinal).ToArray();
        var openRoll = dice.Next(100);
        var note = Invariant($"random walk: rolled {openRoll} (opens below {OpenPercent})");
        if (openRoll < OpenPercent && candidates.Length > 0 && context.Positions.Count < context.Rules.MaxOpenPositions)
        {
            var symbol = candidates[dice.Next(candidates.Length)];
            var side = dice.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
            var style = Style with { Leverage = 1 + dice.Next(RuleSizing.Leverage(context, RuleSizing.DefaultLeverage)) };
            var free = context.Balance;
            var open = RuleSizing.Open(context, ref free, symbol, side, context.Quotes[symbol].Price, style, null,
                Invariant($"{note}, picked {symbol}"), out var refusal);
            if (open is not null) decisions.Add(open);
            else note = refusal;
        }
        else if (openRoll < OpenPercent)
            note += candidates.Length == 0 ? ", but every symbol is already held" : ", but all position slots are taken";

        return decisions.Count > 0 ? decisions : [new RuleDecision(DecisionAction.Hold, null, null, null, null, null, $"No trade this turn: {note}.")];
    }
}

/// <summary>
/// SplitMix64 seeded from SHA-256 of a stable key: the same sequence on every run, silo and .NET version
/// (unlike <see cref="Random"/> seeding or <see cref="string.GetHashCode()"/>).
/// </summary>
internal sealed class StableRandom(ulong seed)
{
    private ulong state = seed;

    public static StableRandom For(string botId, long turnNumber)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Invariant($"arena/random_walk/{botId}/{turnNumber}")));
        return new StableRandom(BinaryPrimitives.ReadUInt64LittleEndian(hash));
    }

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>); the modulo bias is below 2^-50 for the small bounds used here.</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);
}
