namespace Arena.Grains.Desk;

/// <summary>
/// What a desk command decided on the current state: its reply and, unless it changes nothing, the write. The deciders
/// (<see cref="DeskChanges"/>, <see cref="PaperWalletChanges"/>, ...) are pure; <see cref="DeskGrain"/> commits the write
/// with the wallet's version check (<see cref="DeskStore.CommitAsync"/>) and only then makes <see cref="DeskWrite.Next"/> its state.
/// </summary>
public sealed record DeskDecision<T>(T Reply, DeskWrite? Write = null);

/// <summary>
/// The rows to write in the desk's version-checked transaction and the state they leave behind. The wallet row itself is
/// written by the store from <c>Next.Wallet</c>, so <see cref="Rows"/> holds only the other rows (trades, PnL, events).
/// </summary>
public sealed record DeskWrite(Func<Tx, Task> Rows, DeskState Next)
{
    /// <summary>This write, then <paramref name="more"/> in the same transaction (a decider adding its own rows to another's).</summary>
    public DeskWrite Then(Func<Tx, Task> more) => this with
    {
        Rows = async tx =>
        {
            await Rows(tx);
            await more(tx);
        },
    };
}

public static class DeskDecision
{
    public static DeskDecision<T> Reply<T>(T reply) => new(reply);

    public static DeskDecision<T> Write<T>(T reply, DeskState next, Func<Tx, Task> rows) => new(reply, new DeskWrite(rows, next));
}
