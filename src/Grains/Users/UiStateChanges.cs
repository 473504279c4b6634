namespace Arena.Grains.Users;

/// <summary>UI state (seed 000 <c>user_ui_state</c>): opaque JSON per key, within <see cref="UiStateRules"/>' limits. Pure.</summary>
public static class UiStateChanges
{
    private static readonly Rejection MissingKey = Rejection.NotFound("No UI state is stored under this key.");

    public static IReadOnlyList<UiStateItem> All(UserState s) => s.UiState.Select(e => ToItem(e.Key, e.Value)).ToArray();

    public static Result<UiStateItem> Get(UserState s, string key) =>
        UiStateRules.CheckKey(key) is { } invalid ? invalid
        : s.UiState.TryGetValue(key, out var entry) ? ToItem(key, entry)
        : MissingKey;

    public static Result<UserDecision<UiStateItem>> Set(UserState s, string key, string json, DateTimeOffset now)
    {
        if ((UiStateRules.CheckKey(key) ?? UiStateRules.CheckValue(json)) is { } invalid) return invalid;
        var exists = s.UiState.TryGetValue(key, out var current);
        if (UiStateRules.CheckRoom(s.UiState.Count, exists) is { } full) return full;
        if (current?.Value == json) return UserDecision.Reply(ToItem(key, current));
        var entry = new UiStateEntry(json, now);
        return UserDecision.Write(ToItem(key, entry), s with { UiState = s.UiState.SetItem(key, entry) },
            tx => UiStateRows.UpsertAsync(tx, s.Account.Id, key, json, now));
    }

    public static Result<UserDecision<bool>> Remove(UserState s, string key)
    {
        if (UiStateRules.CheckKey(key) is { } invalid) return invalid;
        if (!s.UiState.ContainsKey(key)) return MissingKey;
        return UserDecision.Write(true, s with { UiState = s.UiState.Remove(key) }, tx => UiStateRows.DeleteAsync(tx, s.Account.Id, key));
    }

    private static UiStateItem ToItem(string key, UiStateEntry entry) => new(key, new JsonText(entry.Value), entry.UpdatedAt);
}
