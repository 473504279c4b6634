namespace Arena.Grains.Users;

/// <summary>
/// Keeps user activations in this silo fresh when another silo writes: each committed write
/// NOTIFYs "<c>userId:version</c>", and an activation here that is behind drops itself, so the next
/// call reloads. Writes stay safe without this (the version check refuses stale writes); it is what
/// keeps reads fresh. If the listen connection was lost, every user activation here is dropped.
/// </summary>
public static class UserChangeFeed
{
    public static void Attach(NotificationListener listener, GrainRuntime runtime)
    {
        listener.Subscribe(UserStore.ChangeChannel,
            payload =>
            {
                var parts = payload.Split(':');
                if (parts.Length != 2 || !Guid.TryParse(parts[0], out var id) || !long.TryParse(parts[1], out var version)) return;
                _ = runtime.InvokeIfActive<IUserGrain>(id, g => g.ObserveVersion(version));
            },
            onReconnected: () => runtime.DropActivations<IUserGrain>());
    }
}
