namespace Arena.Grains.Users;

/// <summary>Preference commands: a patch (PUT/PATCH) or an import's gap fill, checked on the result. Pure.</summary>
public static class PreferenceChanges
{
    public static Result<UserDecision<PreferencesView>> Change(UserState s, PreferencesPatch change, DateTimeOffset now) =>
        Save(s, change.ApplyTo(s.Preferences), now, PreferencesView.From);

    public static Result<UserDecision<PreferencesFill>> FillUnset(UserState s, StoredPreferences incoming, DateTimeOffset now)
    {
        var (next, applied) = PreferenceFields.FillUnset(s.Preferences, incoming);
        return Save(s, next, now, saved => new PreferencesFill(applied, PreferencesView.From(saved)));
    }

    /// <summary>Checks <paramref name="next"/>; writes it (stamped <c>updatedAt</c>) only when it differs from what is stored.</summary>
    private static Result<UserDecision<T>> Save<T>(UserState s, StoredPreferences next, DateTimeOffset now, Func<StoredPreferences, T> reply)
    {
        next = next with { DisclosureAcceptedAt = next.DisclosureAcceptedAt is { } at ? DbTypeHandlers.ToStoragePrecision(at) : null };
        var errors = PreferenceRules.Check(PreferencesView.From(next), now);
        if (errors.Any) return errors.ToRejection();
        if (PreferenceFields.SameValues(s.Preferences, next)) return UserDecision.Reply(reply(s.Preferences));
        var saved = next with { UpdatedAt = now };
        return UserDecision.Write(reply(saved), s with { Preferences = saved }, tx => PreferencesRow.UpsertAsync(tx, s.Account.Id, saved, now));
    }
}
