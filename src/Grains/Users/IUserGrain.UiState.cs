namespace Arena.Grains.Users;

/// <summary>One UI state key and its JSON value, as sent.</summary>
public sealed record UiStateItem(string Key, JsonText Value, DateTimeOffset UpdatedAt);

public partial interface IUserGrain
{
    /// <summary>Every key with its value, in ordinal key order.</summary>
    Task<Result<IReadOnlyList<UiStateItem>>> GetUiState();

    Task<Result<UiStateItem>> GetUiStateValue(string key);

    /// <summary>
    /// Stores <paramref name="json"/> (any JSON value, at most 16 KiB of UTF-8) under <paramref name="key"/>.
    /// A new key beyond the 100th is a conflict; the same text again writes nothing.
    /// </summary>
    Task<Result<UiStateItem>> SetUiStateValue(string key, string json);

    /// <summary>Removes the key; null when it was removed.</summary>
    Task<Rejection?> RemoveUiStateValue(string key);
}
