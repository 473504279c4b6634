namespace Arena.Grains.Users;

public sealed partial class UserGrain
{
    // When the imported preferences break a rule together, keys are dropped in this order (least valuable first)
    // until the rest holds: auxiliary modes depend on the primary mode, which depends on the enabled modes.
    private static readonly string[] DropOrder = ["arise_auxiliary_modes", "arise_primary_mode", "arise_modes"];

    /// <summary>
    /// Takes over what the legacy apps kept in localStorage, in ONE commit, never overwriting newer server data: a
    /// field is filled only where the server never set it, or where <paramref name="exportedAt"/> (when the client
    /// read its storage) is later than the server's last change. Watchlist symbols and dismissed insights are added,
    /// never removed. A second identical call finds everything present and writes nothing.
    /// </summary>
    public async Task<Result<LocalStorageImportReport>> ImportLocalStorage(IReadOnlyDictionary<string, string?> entries, DateTimeOffset? exportedAt)
    {
        if (state is null) return Missing;
        if (entries.Count > LocalStorageImport.MaxEntries)
            return Rejection.Invalid("entries", $"At most {LocalStorageImport.MaxEntries} keys can be imported at once.");
        var now = clock.Now();
        var s = state;
        var changes = LocalStorageImport.Plan(entries, now);
        var outcomes = changes.OfType<KeyChange.Settled>().ToDictionary(c => c.Key, c => c.Outcome, StringComparer.Ordinal);

        var preferences = ImportPreferences(s.Preferences, changes.OfType<KeyChange.Preferences>().ToArray(), exportedAt, now, outcomes);

        var profile = s.Profile;
        foreach (var change in changes.OfType<KeyChange.Profile>())
        {
            var errors = new FieldErrors();
            AccountRules.CheckDisplayName(change.DisplayName, errors);
            AccountRules.CheckAvatarUrl(change.AvatarUrl, errors);
            if (errors.Any) { outcomes[change.Key] = Outcome(change.Key, ImportedKey.Invalid, Errors(errors)); continue; }
            var fields = new List<string>();
            if (change.DisplayName is not null && profile.DisplayName is null) { profile = profile with { DisplayName = change.DisplayName }; fields.Add("displayName"); }
            if (change.AvatarUrl is not null && profile.AvatarUrl is null) { profile = profile with { AvatarUrl = change.AvatarUrl }; fields.Add("avatarUrl"); }
            outcomes[change.Key] = fields.Count > 0
                ? new ImportedKey(change.Key, ImportedKey.Imported, change.Note, fields)
                : Outcome(change.Key, ImportedKey.Ignored, Join("The server already has a display name and avatar.", change.Note));
        }

        var watchlistAdded = new List<WatchlistEntry>();
        foreach (var change in changes.OfType<KeyChange.Watchlist>())
        {
            var merged = WatchlistRules.PlanMerge(change.Items, s.Watchlist.AddRange(watchlistAdded), now);
            if (!merged.IsOk) { outcomes[change.Key] = Outcome(change.Key, ImportedKey.Invalid, Errors(merged.Rejection!)); continue; }
            watchlistAdded.AddRange(merged.Value!.Added);
            outcomes[change.Key] = merged.Value.Added.Count > 0
                ? new ImportedKey(change.Key, ImportedKey.Imported, null, merged.Value.Added.Select(a => a.Symbol).ToArray())
                : Outcome(change.Key, ImportedKey.Ignored, "Every symbol is already on the watchlist.");
        }

        var insightsAdded = new List<DismissedInsight>();
        foreach (var change in changes.OfType<KeyChange.Insights>())
        {
            var current = s.DismissedInsights.SetItems(insightsAdded.Select(d => KeyValuePair.Create(d.InsightId, d.DismissedAt)));
            var merged = InsightRules.PlanMerge(change.Ids, current, now);
            if (!merged.IsOk) { outcomes[change.Key] = Outcome(change.Key, ImportedKey.Invalid, Errors(merged.Rejection!)); continue; }
            insightsAdded.AddRange(merged.Value!.Added);
            outcomes[change.Key] = merged.Value.Added.Count > 0
                ? new ImportedKey(change.Key, ImportedKey.Imported, null, merged.Value.Added.Select(a => a.InsightId).ToArray())
                : Outcome(change.Key, ImportedKey.Ignored, "Every insight is already dismissed.");
        }

        var preferencesChanged = !PreferenceFields.SameValues(s.Preferences, preferences);
        var profileChanged = profile != s.Profile;
        var changed = preferencesChanged || profileChanged || watchlistAdded.Count > 0 || insightsAdded.Count > 0;
        if (changed)
        {
            var savedPreferences = preferencesChanged ? preferences with { UpdatedAt = now } : s.Preferences;
            await Commit(async tx =>
            {
                if (preferencesChanged) await PreferencesRow.UpsertAsync(tx, s.Account.Id, savedPreferences, now);
                if (profileChanged)
                    await tx.ExecuteAsync("UPDATE user_profiles SET display_name = @DisplayName, avatar_url = @AvatarUrl, updated_at = @now WHERE user_id = @id",
                        new { profile.DisplayName, profile.AvatarUrl, now, id = s.Account.Id });
                await InsertWatchlistEntries(tx, watchlistAdded);
                await InsertDismissedInsights(tx, insightsAdded);
            }, u => u with
            {
                Preferences = savedPreferences,
                Profile = profile,
                Watchlist = WatchlistRules.Ordered(u.Watchlist.AddRange(watchlistAdded)),
                DismissedInsights = u.DismissedInsights.SetItems(insightsAdded.Select(d => KeyValuePair.Create(d.InsightId, d.DismissedAt))),
            });
        }
        var report = entries.Keys.Order(StringComparer.Ordinal).Select(k => outcomes[k]).ToArray();
        return new LocalStorageImportReport(report, changed);
    }

    /// <summary>
    /// Weighs each key's preference fields against the stored ones, then checks the rules on the result; keys are
    /// dropped (reported invalid) in <see cref="DropOrder"/> until the combination holds.
    /// </summary>
    private static StoredPreferences ImportPreferences(StoredPreferences current, IReadOnlyList<KeyChange.Preferences> keys, DateTimeOffset? exportedAt,
        DateTimeOffset now, Dictionary<string, ImportedKey> outcomes)
    {
        var newer = exportedAt is { } e && (current.UpdatedAt is null || e > current.UpdatedAt);
        var taken = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var fields = PreferenceFields.All
                .Where(f => f.IsSet(key.Values) && !f.Same(current, key.Values) && (!f.IsSet(current) || newer))
                .Select(f => f.Name).ToImmutableArray();
            if (fields.IsEmpty) outcomes[key.Key] = Outcome(key.Key, ImportedKey.Ignored, "The server already has these values (set there, or changed since the export).");
            else taken[key.Key] = fields;
        }

        while (true)
        {
            var next = current;
            foreach (var key in keys.Where(k => taken.ContainsKey(k.Key)))
                foreach (var name in taken[key.Key]) next = PreferenceFields.Find(name)!.CopyFrom(next, key.Values);
            var errors = PreferenceRules.Check(PreferencesView.From(next), now);
            if (!errors.Any)
            {
                foreach (var (key, fields) in taken) outcomes[key] = new ImportedKey(key, ImportedKey.Imported, null, fields);
                return next;
            }
            var drop = DropOrder.FirstOrDefault(taken.ContainsKey) ?? taken.Keys.Order(StringComparer.Ordinal).First();
            outcomes[drop] = Outcome(drop, ImportedKey.Invalid, "Conflicts with the other preferences: " + Errors(errors));
            taken.Remove(drop);
        }
    }

    private static ImportedKey Outcome(string key, string status, string? reason) => new(key, status, reason, []);

    private static string Errors(FieldErrors errors) => string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value));

    private static string Errors(Rejection rejection) =>
        rejection.Errors is { Count: > 0 } e ? string.Join(" ", e.SelectMany(x => x.Value)) : rejection.Detail ?? rejection.Title;

    private static string? Join(string first, string? second) => second is null ? first : $"{first} {second}";
}
