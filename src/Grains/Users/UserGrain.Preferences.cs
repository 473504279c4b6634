namespace Arena.Grains.Users;

public sealed partial class UserGrain
{
    public Task<Result<PreferencesView>> GetPreferences() =>
        Task.FromResult<Result<PreferencesView>>(state is null ? Missing : PreferencesView.From(state.Preferences));

    public async Task<Result<PreferencesView>> ChangePreferences(PreferencesPatch change)
    {
        if (state is null) return Missing;
        var refused = await SavePreferences(change.ApplyTo(state.Preferences));
        return refused is null ? PreferencesView.From(state.Preferences) : refused;
    }

    public async Task<Result<PreferencesFill>> FillUnsetPreferences(StoredPreferences incoming)
    {
        if (state is null) return Missing;
        var (next, applied) = PreferenceFields.FillUnset(state.Preferences, incoming);
        var refused = await SavePreferences(next);
        return refused is null ? new PreferencesFill(applied, PreferencesView.From(state.Preferences)) : refused;
    }

    /// <summary>Checks <paramref name="next"/> and commits it if it differs from what is stored; null when it was accepted.</summary>
    private async Task<Rejection?> SavePreferences(StoredPreferences next)
    {
        var current = state!;
        var now = clock.Now();
        next = next with { DisclosureAcceptedAt = next.DisclosureAcceptedAt is { } at ? DbTypeHandlers.ToStoragePrecision(at) : null };
        var errors = PreferenceRules.Check(PreferencesView.From(next), now);
        if (errors.Any) return errors.ToRejection();
        if (PreferenceFields.SameValues(current.Preferences, next)) return null;

        var saved = next with { UpdatedAt = now };
        await Commit(tx => PreferencesRow.UpsertAsync(tx, current.Account.Id, saved, now), s => s with { Preferences = saved });
        return null;
    }
}
