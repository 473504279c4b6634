namespace Arena.Grains.Users;

public sealed partial class UserGrain
{
    private static readonly Rejection MissingKey = Rejection.NotFound("No UI state is stored under this key.");

    public Task<Result<IReadOnlyList<UiStateItem>>> GetUiState() => Task.FromResult<Result<IReadOnlyList<UiStateItem>>>(
        state is null ? Missing : state.UiState.Select(e => ToItem(e.Key, e.Value)).ToArray());

    public Task<Result<UiStateItem>> GetUiStateValue(string key)
    {
        Result<UiStateItem> result = state is null ? Missing
            : UiStateRules.CheckKey(key) is { } invalid ? invalid
            : state.UiState.TryGetValue(key, out var entry) ? ToItem(key, entry)
            : MissingKey;
        return Task.FromResult(result);
    }

    public async Task<Result<UiStateItem>> SetUiStateValue(string key, string json)
    {
        if (state is null) return Missing;
        if ((UiStateRules.CheckKey(key) ?? UiStateRules.CheckValue(json)) is { } invalid) return invalid;
        var exists = state.UiState.TryGetValue(key, out var current);
        if (UiStateRules.CheckRoom(state.UiState.Count, exists) is { } full) return full;
        if (current?.Value == json) return ToItem(key, current);

        var entry = new UiStateEntry(json, clock.Now());
        await Commit(tx => UiStateRows.UpsertAsync(tx, state.Account.Id, key, json, entry.UpdatedAt),
            s => s with { UiState = s.UiState.SetItem(key, entry) });
        return ToItem(key, entry);
    }

    public async Task<Rejection?> RemoveUiStateValue(string key)
    {
        if (state is null) return Missing;
        if (UiStateRules.CheckKey(key) is { } invalid) return invalid;
        if (!state.UiState.ContainsKey(key)) return MissingKey;
        await Commit(tx => UiStateRows.DeleteAsync(tx, state.Account.Id, key), s => s with { UiState = s.UiState.Remove(key) });
        return null;
    }

    private static UiStateItem ToItem(string key, UiStateEntry entry) => new(key, new JsonText(entry.Value), entry.UpdatedAt);
}
