using Arena.Grains.Events;

namespace Arena.Grains.Desk;

/// <summary>Copy trading's events: only to the follower on <c>/ws/me</c>, never public (docs/stream-protocol.md).</summary>
public static class CopyEvents
{
    public const string Mirrored = "copy.mirrored";
    public const string Skipped = "copy.skipped";
    public const string Closed = "copy.closed";

    public static EventDraft ForMirror(Guid userId, Guid runId, CopyFill fill, QuickTradeView trade) => EventDraft.ForUser(userId, Mirrored,
        new { runId, botId = fill.BotId, sourceTradeId = fill.TradeId, sourcePositionId = fill.PositionId, trade });

    public static EventDraft ForSkip(Guid userId, Guid runId, CopyFill fill, MirrorSkipped skip) => EventDraft.ForUser(userId, Skipped,
        new
        {
            runId, botId = fill.BotId, sourceTradeId = fill.TradeId, sourcePositionId = fill.PositionId, fill = fill.Kind == CopyFillKind.Entry ? "entry" : "exit",
            symbol = fill.Symbol, reason = skip.ReasonName, detail = skip.Detail,
        });

    public static EventDraft ForClose(Guid userId, Guid runId, CopyFill fill, QuickTradeView trade) => EventDraft.ForUser(userId, Closed,
        new { runId, botId = fill.BotId, sourceTradeId = fill.TradeId, sourcePositionId = fill.PositionId, botLiquidated = fill.Liquidation, trade });
}
