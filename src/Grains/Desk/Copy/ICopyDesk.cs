namespace Arena.Grains.Desk;

/// <summary>
/// The copy-run part of a user's desk (keyed by the user's id; the desk grain implements it). Runs are desk rows:
/// their writes bump the paper wallet's version like every other desk write.
/// </summary>
public interface ICopyDesk : IGrainWithGuidKey
{
    /// <summary>Drafts a follow of a bot; 400 naming the field (nothing written) when the draft is invalid.</summary>
    Task<Result<CopyRunView>> DraftCopyRun(CopyRunDraft draft);

    /// <summary>publish, pause, resume or stop; 404 for a run the user does not have, 409 for a transition its state does not allow.</summary>
    Task<Result<CopyRunView>> ChangeCopyRun(Guid runId, CopyRunCommand command);

    Task<Result<IReadOnlyList<CopyRunView>>> ListCopyRuns();

    /// <summary>The run with its mirrored trades, skipped fills and PnL at live prices.</summary>
    Task<Result<CopyRunDetail>> GetCopyRun(Guid runId);

    /// <summary>
    /// Mirrors one bot fill into one run, exactly once: the ledger row (unique run and fill) is written in the same
    /// transaction as the quick trade it opens or closes, or the skip. A fill already in the ledger writes nothing and
    /// returns the recorded outcome (<see cref="MirrorOutcome.Duplicate"/>).
    /// </summary>
    Task<MirrorOutcome> MirrorFill(Guid runId, CopyFill fill);
}
