using System.Collections.Frozen;

namespace Arena.Grains.Activity;

/// <summary>
/// The emoji a reaction may carry (the Live page's floating reactions). The one place the list is defined;
/// docs/stream-protocol.md and the README repeat it. Matching is exact (no normalisation, no variation selectors).
/// </summary>
public static class ReactionEmoji
{
    public static readonly ImmutableArray<string> Allowed =
        ["🔥", "🚀", "💎", "🙌", "👀", "😱", "😂", "🐂", "🐻", "💀", "🤖", "📈", "📉"];

    private static readonly FrozenSet<string> Lookup = Allowed.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsAllowed(string? emoji) => emoji is not null && Lookup.Contains(emoji);
}
