using Arena.Grains.Signals;

namespace Arena.Grains.Desk;

/// <summary>
/// The copy runs' deciders, pure like the desk's others: drafting a run and moving it through its states. A run is a
/// desk row, so each write goes through the desk's version-checked commit.
/// </summary>
public static class CopyRunChanges
{
    public static readonly Rejection NoSuchRun = Rejection.NotFound("You have no copy run with this id.");

    /// <summary>
    /// A new draft (nothing mirrored until it is published). A draft carrying an <c>externalId</c> the desk already holds
    /// (a localStorage import replayed) answers the existing run and writes nothing.
    /// </summary>
    public static Result<DeskDecision<CopyRunView>> Draft(DeskState s, CopyRunDraft draft, Func<string, bool> isKnownSymbol, bool botIsActive, DateTimeOffset now)
    {
        var checkedDraft = CopyRunRules.Check(draft, isKnownSymbol);
        if (!checkedDraft.IsOk) return checkedDraft.Rejection!;
        var (botId, settings) = checkedDraft.Value;
        if (!botIsActive) return Rejection.Invalid("botId", $"There is no active bot '{botId}' to follow.");
        if (draft.ExternalId is { } externalId && s.CopyRuns.Find(r => r.ExternalId == externalId) is { } imported)
            return DeskDecision.Reply(CopyRunView.From(imported));
        if (s.CopyRuns.Count(r => r.Status != CopyRunStatus.Stopped) >= CopyRunRules.MaxLiveRuns)
            return Rejection.Conflict($"You already have {CopyRunRules.MaxLiveRuns} copy runs that are not stopped; stop one first.");
        var run = new CopyRun(SequentialUuid.Next(now), botId, CopyRunStatus.Draft, settings, draft.ExternalId, null, now, null, now, null);
        var userId = s.UserId;
        return DeskDecision.Write(CopyRunView.From(run), s with { CopyRuns = s.CopyRuns.Add(run) }, tx => CopyRunRows.InsertAsync(tx, userId, run));
    }

    /// <summary>
    /// Publish, pause, resume or stop (<see cref="CopyRunRules.Transition"/>). Publishing records
    /// <paramref name="latestTradeId"/> (the bot's newest trade id, read before deciding) as <c>after_trade_id</c>, so only
    /// fills after it are mirrored, and appends a <c>copy</c> signal action pointing at the bot's newest signal (the one
    /// the follower saw when deciding to copy; null when the bot has none). Stopping is final and leaves the run's open
    /// mirrors open: they become the follower's to close (their stop-loss and take-profit still apply).
    /// </summary>
    public static Result<DeskDecision<CopyRunView>> Change(DeskState s, Guid runId, CopyRunCommand command, long latestTradeId, long? latestSignalId, DateTimeOffset now)
    {
        if (s.CopyRuns.Find(r => r.Id == runId) is not { } run) return NoSuchRun;
        var to = CopyRunRules.Transition(run.Status, command);
        if (!to.IsOk) return to.Rejection!;
        var next = run with { Status = to.Value, UpdatedAt = now };
        if (command == CopyRunCommand.Publish) next = next with { AfterTradeId = latestTradeId, PublishedAt = now };
        if (command == CopyRunCommand.Stop) next = next with { StoppedAt = now };
        var userId = s.UserId;
        return DeskDecision.Write(CopyRunView.From(next), s with { CopyRuns = s.CopyRuns.Replace(run, next) }, async tx =>
        {
            await CopyRunRows.UpdateStatusAsync(tx, userId, next);
            if (command == CopyRunCommand.Publish)
                await SignalActionRows.AppendAsync(tx, new SignalActionDraft(userId, latestSignalId, SignalActionKind.Copy, CopyRunId: run.Id,
                    Detail: $"publish: follow {run.BotId} after trade {latestTradeId}"), now);
        });
    }
}
