namespace Arena.Grains.Users;

/// <summary>
/// Takes over what the legacy apps kept in localStorage (<see cref="LocalStorageImport"/> reads it) in ONE write,
/// never overwriting newer server data: a field is filled only where the server never set it, or where
/// <c>exportedAt</c> (when the client read its storage) is later than the server's last change. Watchlist symbols
/// and dismissed insights are added, never removed. A second identical import finds everything present and writes
/// nothing. Pure.
/// </summary>
public static class LocalStorageTakeover
{
    // When the imported preferences break a rule together, keys are dropped in this order (least valuable first)
    // until the rest holds: auxiliary modes depend on the primary mode, which depends on the enabled modes.
    private static readonly string[] DropOrder = ["arise_auxiliary_modes", "arise_primary_mode", "arise_modes"];

    public static Result<UserDecision<LocalStorageImportReport>> Decide(UserState s, IReadOnlyDictionary<string, string?> entries,
        DateTimeOffset? exportedAt, DateTimeOffset now)
    {
        if (entries.Count > LocalStorageImport.MaxEntries)
            return Rejection.Invalid("entries", $"At most {LocalStorageImport.MaxEntries} keys can be imported at once.");
        var changes = LocalStorageImport.Plan(entries, now);
        var outcomes = changes.OfType<KeyChange.Settled>().ToDictionary(c => c.Key, c => c.Outcome, StringComparer.Ordinal);

        var preferences = ImportPreferences(s.Preferences, changes.OfType<KeyChange.Preferences>().ToArray(), exportedAt, now, outcomes);
        var profile = ImportProfile(s.Profile, changes.OfType<KeyChange.Profile>(), outcomes);
        var watchlistAdded = ImportWatchlist(s, changes.OfType<KeyChange.Watchlist>(), now, outcomes);
        var insightsAdded = ImportInsights(s, changes.OfType<KeyChange.Insights>(), now, outcomes);
        var trackedAdded = ImportTracked(s, changes.OfType<KeyChange.Tracked>(), outcomes);

        var preferencesChanged = !PreferenceFields.SameValues(s.Preferences, preferences);
        var profileChanged = profile != s.Profile;
        var changed = preferencesChanged || profileChanged || watchlistAdded.Count > 0 || insightsAdded.Count > 0 || trackedAdded.Count > 0;
        var report = new LocalStorageImportReport(entries.Keys.Order(StringComparer.Ordinal).Select(k => outcomes[k]).ToArray(), changed);
        if (!changed) return UserDecision.Reply(report);

        var savedPreferences = preferencesChanged ? preferences with { UpdatedAt = now } : s.Preferences;
        var next = s with
        {
            Preferences = savedPreferences,
            Profile = profile,
            Watchlist = WatchlistRules.Ordered(s.Watchlist.AddRange(watchlistAdded)),
            DismissedInsights = InsightRules.With(s.DismissedInsights, insightsAdded),
            Tracked = s.Tracked.AddRange(trackedAdded),
        };
        var id = s.Account.Id;
        return UserDecision.Write(report, next, async tx =>
        {
            if (preferencesChanged) await PreferencesRow.UpsertAsync(tx, id, savedPreferences, now);
            if (profileChanged) await UserRows.UpsertProfileAsync(tx, id, profile, now);
            await UserRows.InsertWatchlistAsync(tx, id, watchlistAdded);
            await UserRows.InsertDismissedInsightsAsync(tx, id, insightsAdded);
            await TrackingRows.InsertAsync(tx, id, trackedAdded);
        });
    }

    /// <summary>Display name and avatar fill only what the server does not have.</summary>
    private static UserProfile ImportProfile(UserProfile profile, IEnumerable<KeyChange.Profile> keys, Dictionary<string, ImportedKey> outcomes)
    {
        foreach (var change in keys)
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
        return profile;
    }

    private static List<WatchlistEntry> ImportWatchlist(UserState s, IEnumerable<KeyChange.Watchlist> keys, DateTimeOffset now, Dictionary<string, ImportedKey> outcomes)
    {
        var added = new List<WatchlistEntry>();
        foreach (var change in keys)
        {
            var merged = WatchlistRules.PlanMerge(change.Items, s.Watchlist.AddRange(added), now);
            if (!merged.IsOk) { outcomes[change.Key] = Outcome(change.Key, ImportedKey.Invalid, Errors(merged.Rejection!)); continue; }
            added.AddRange(merged.Value!.Added);
            outcomes[change.Key] = merged.Value.Added.Count > 0
                ? new ImportedKey(change.Key, ImportedKey.Imported, null, merged.Value.Added.Select(a => a.Symbol).ToArray())
                : Outcome(change.Key, ImportedKey.Ignored, "Every symbol is already on the watchlist.");
        }
        return added;
    }

    private static List<DismissedInsight> ImportInsights(UserState s, IEnumerable<KeyChange.Insights> keys, DateTimeOffset now, Dictionary<string, ImportedKey> outcomes)
    {
        var added = new List<DismissedInsight>();
        foreach (var change in keys)
        {
            var merged = InsightRules.PlanMerge(change.Ids, InsightRules.With(s.DismissedInsights, added), now);
            if (!merged.IsOk) { outcomes[change.Key] = Outcome(change.Key, ImportedKey.Invalid, Errors(merged.Rejection!)); continue; }
            added.AddRange(merged.Value!.Added);
            outcomes[change.Key] = merged.Value.Added.Count > 0
                ? new ImportedKey(change.Key, ImportedKey.Imported, null, merged.Value.Added.Select(a => a.InsightId).ToArray())
                : Outcome(change.Key, ImportedKey.Ignored, "Every insight is already dismissed.");
        }
        return added;
    }

    /// <summary>
    /// Tracked signals are added by their client id (<c>external_id</c>): an item already imported is skipped, so a second
    /// import adds nothing. Imports count against <see cref="TrackingChanges.MaxTracked"/>. They record no signal action:
    /// an import moves old data, it is not the user's intent now.
    /// </summary>
    private static List<TrackedSignal> ImportTracked(UserState s, IEnumerable<KeyChange.Tracked> keys, Dictionary<string, ImportedKey> outcomes)
    {
        var added = new List<TrackedSignal>();
        var known = s.Tracked.Where(t => t.ExternalId is not null).Select(t => t.ExternalId!).ToHashSet(StringComparer.Ordinal);
        foreach (var change in keys)
        {
            var skipped = change.Skipped.ToList();
            var fields = new List<string>();
            foreach (var item in change.Items)
            {
                if (!known.Add(item.ExternalId!)) continue;
                if (s.Tracked.Count + added.Count >= TrackingChanges.MaxTracked) { skipped.Add($"{item.ExternalId}: {TrackingChanges.MaxTracked} tracked signals is the most allowed."); continue; }
                added.Add(item);
                fields.Add(item.ExternalId!);
            }
            var reason = skipped.Count > 0 ? "Skipped " + string.Join(" ", skipped) : null;
            outcomes[change.Key] = fields.Count > 0
                ? new ImportedKey(change.Key, ImportedKey.Imported, reason, fields)
                : change.Items.Count == 0 && skipped.Count > 0
                    ? Outcome(change.Key, ImportedKey.Invalid, reason)
                    : Outcome(change.Key, ImportedKey.Ignored, Join("Every tracked signal is already imported.", reason));
        }
        return added;
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
