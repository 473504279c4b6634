namespace Arena.Grains.Users;

/// <summary>What a gap-filling import did: the JSON names of the fields it set, and the preferences after it.</summary>
public sealed record PreferencesFill(IReadOnlyList<string> Applied, PreferencesView Preferences);

public partial interface IUserGrain
{
    /// <summary>The preferences with defaults filled in for fields never set.</summary>
    Task<Result<PreferencesView>> GetPreferences();

    /// <summary>
    /// Applies a replacement or merge patch, checks the rules on the result, and writes it unless it changes nothing
    /// (then no write and no version bump).
    /// </summary>
    Task<Result<PreferencesView>> ChangePreferences(PreferencesPatch change);

    /// <summary>
    /// For imports (localStorage): sets each field of <paramref name="incoming"/> that is non-null there and never set
    /// on the server; fields the server has are left alone. The result must pass the same rules as any change,
    /// otherwise nothing is written and the rejection names the offending fields.
    /// </summary>
    Task<Result<PreferencesFill>> FillUnsetPreferences(StoredPreferences incoming);
}

public partial interface IUserGrain
{
    /// <summary>Takes over the legacy apps' localStorage in one commit without overwriting newer server data (see docs/api.md).</summary>
    Task<Result<LocalStorageImportReport>> ImportLocalStorage(IReadOnlyDictionary<string, string?> entries, DateTimeOffset? exportedAt);
}
