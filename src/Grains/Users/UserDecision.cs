namespace Arena.Grains.Users;

/// <summary>
/// What a user command decided on the current state: its reply and, unless it changes nothing, the write. The
/// deciders (<see cref="AccountChanges"/>, <see cref="WatchlistChanges"/>, ...) are pure; <see cref="UserGrain"/>
/// commits the write with the version check and only then makes <see cref="UserWrite.Next"/> its state.
/// </summary>
public sealed record UserDecision<T>(T Reply, UserWrite? Write = null);

/// <summary>The rows to write in the user's version-checked transaction, and the state they leave behind.</summary>
public sealed record UserWrite(Func<Tx, Task> Rows, UserState Next);

/// <summary>Shorthands for deciders.</summary>
public static class UserDecision
{
    /// <summary>Nothing to write: the reply alone.</summary>
    public static UserDecision<T> Reply<T>(T reply) => new(reply);

    public static UserDecision<T> Write<T>(T reply, UserState next, Func<Tx, Task> rows) => new(reply, new UserWrite(rows, next));
}
