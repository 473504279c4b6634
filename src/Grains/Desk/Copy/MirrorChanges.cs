namespace Arena.Grains.Desk;

/// <summary>
/// What one run of the desk does with one bot fill, pure (the grain checked the ledger first: a fill reaching here was
/// not decided yet for this run). Every decision that writes also writes its ledger row, in the same transaction as the
/// quick trade it opens or closes, or alone for a skip; the desk's version check and the ledger's unique (run, fill)
/// make a second attempt write nothing.
/// </summary>
public static class MirrorChanges
{
    /// <summary>
    /// An entry: only an active run that follows the fill (published before it) considers it; a paused, stopped or
    /// draft run ignores it without a ledger row. The run's rules (<see cref="MirrorRules.PlanEntry"/>) and then the
    /// desk's open rules (<see cref="DeskChanges.Open"/>) decide between a mirror and a skip.
    /// An exit: an active or paused run closes its open mirror of the bot's position at the live price, reason
    /// <c>copy</c> (also when the bot was liquidated); a mirror the follower already closed is left alone (a skip,
    /// <c>already_closed</c>). <paramref name="everMirrored"/> says whether the run ever mirrored that position.
    /// </summary>
    public static DeskDecision<MirrorOutcome> Mirror(DeskState s, Guid runId, CopyFill fill, bool everMirrored, DeskMarket market, DateTimeOffset now)
    {
        var run = s.CopyRuns.Find(r => r.Id == runId);
        if (run is null || !run.Follows(fill.TradeId) || run.BotId != fill.BotId) return Ignored(runId, fill);
        return fill.Kind == CopyFillKind.Entry ? Enter(s, run, fill, market, now) : Exit(s, run, fill, everMirrored, market, now);
    }

    private static DeskDecision<MirrorOutcome> Enter(DeskState s, CopyRun run, CopyFill fill, DeskMarket market, DateTimeOffset now)
    {
        if (run.Status != CopyRunStatus.Active) return Ignored(run.Id, fill);
        var openMirrors = s.Open.Count(t => t.Origin.CopyRunId == run.Id);
        var (entry, skip) = MirrorRules.PlanEntry(run, fill, market.PriceOf(fill.Symbol), openMirrors, market.LeverageLimit(fill.Symbol));
        if (entry is null) return Skip(s, run, fill, skip!, now);
        var order = new TradeOrder(entry.Symbol, entry.Side, null, entry.Notional, entry.Leverage, entry.StopLoss, entry.TakeProfit);
        var opened = DeskChanges.Open(s, order, new TradeOrigin(CopyRunId: run.Id, SourcePositionId: fill.PositionId), market, now);
        if (!opened.IsOk) return Skip(s, run, fill, MirrorRules.Refused(opened.Rejection!), now);
        var (trade, write) = opened.Value!;
        var userId = s.UserId;
        return new(new MirrorOutcome(run.Id, fill.TradeId, MirrorResult.Mirrored, null, trade.Id, false), write!.Then(async tx =>
        {
            await CopyRunRows.InsertFillAsync(tx, userId, run.Id, fill, trade.Id, null, now);
            await DeskEvents.AppendAsync(tx, CopyEvents.ForMirror(userId, run.Id, fill, trade), now);
        }));
    }

    private static DeskDecision<MirrorOutcome> Exit(DeskState s, CopyRun run, CopyFill fill, bool everMirrored, DeskMarket market, DateTimeOffset now)
    {
        if (run.Status is not (CopyRunStatus.Active or CopyRunStatus.Paused)) return Ignored(run.Id, fill);
        var mirror = s.Open.Find(t => t.Origin.CopyRunId == run.Id && t.Origin.SourcePositionId == fill.PositionId);
        if (mirror is null)
            return everMirrored
                ? Skip(s, run, fill, new MirrorSkipped(MirrorSkip.AlreadyClosed, "You had already closed this mirror; the bot's close leaves it alone."), now)
                : Ignored(run.Id, fill);
        var closed = DeskChanges.Close(s, mirror.Id, QuickTradeCloseReason.Copy, market, now);
        // No quote right after the bot's own close is the feed failing: the mirror cannot close now, so the fill must be retried.
        if (!closed.IsOk) throw new InvalidOperationException($"The mirror {mirror.Id} of position {fill.PositionId} cannot close: {closed.Rejection!.Detail}");
        var (trade, write) = closed.Value!;
        var userId = s.UserId;
        return new(new MirrorOutcome(run.Id, fill.TradeId, MirrorResult.Mirrored, null, trade.Id, false), write!.Then(async tx =>
        {
            await CopyRunRows.InsertFillAsync(tx, userId, run.Id, fill, trade.Id, null, now);
            await DeskEvents.AppendAsync(tx, CopyEvents.ForClose(userId, run.Id, fill, trade), now);
        }));
    }

    private static DeskDecision<MirrorOutcome> Skip(DeskState s, CopyRun run, CopyFill fill, MirrorSkipped skip, DateTimeOffset now)
    {
        var userId = s.UserId;
        var next = s with { Wallet = s.Wallet with { UpdatedAt = now } };
        return DeskDecision.Write(new MirrorOutcome(run.Id, fill.TradeId, MirrorResult.Skipped, skip.ReasonName, null, false), next, async tx =>
        {
            await CopyRunRows.InsertFillAsync(tx, userId, run.Id, fill, null, skip, now);
            await DeskEvents.AppendAsync(tx, CopyEvents.ForSkip(userId, run.Id, fill, skip), now);
        });
    }

    /// <summary>Nothing to do for this run (not the desk's, not following the fill, not in a state that takes it): no ledger row.</summary>
    public static DeskDecision<MirrorOutcome> Ignored(Guid runId, CopyFill fill) =>
        DeskDecision.Reply(new MirrorOutcome(runId, fill.TradeId, MirrorResult.Ignored, null, null, false));

    /// <summary>The outcome a ledger row recorded, for a fill decided before (a retry or another silo).</summary>
    public static MirrorOutcome Recorded(CopyFillRecord row) => new(row.RunId, row.SourceTradeId,
        row.Outcome == "mirrored" ? MirrorResult.Mirrored : MirrorResult.Skipped, row.Reason, row.QuickTradeId, true);
}
