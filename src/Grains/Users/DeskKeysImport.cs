using Arena.Grains.Desk;

namespace Arena.Grains.Users;

/// <summary>
/// The localStorage keys whose data belongs to the user's desk rather than the user aggregate: the quick trades
/// (<see cref="QuickTradeImport"/>) and the copy-trade drafts (<see cref="CopyDraftImport"/>). They are read here and
/// handed to the desk grain, which writes them under its own version check, idempotently (by the client's ids).
/// </summary>
public static class DeskKeysImport
{
    public static bool Handles(string key) => key == QuickTradeImport.Key || CopyDraftImport.Keys.Contains(key);

    public static async Task<LocalStorageImportReport> ImportAsync(IDeskGrain desk, IEnumerable<KeyValuePair<string, string?>> entries, DateTimeOffset now)
    {
        var outcomes = new List<ImportedKey>();
        var changed = false;
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            (ImportedKey Outcome, bool Changed) result;
            if (string.IsNullOrEmpty(value)) result = (new ImportedKey(key, ImportedKey.Ignored, "Empty value.", []), false);
            else
            {
                try
                {
                    result = key == QuickTradeImport.Key ? await QuickTradesAsync(desk, key, value, now) : await CopyDraftsAsync(desk, key, value);
                }
                catch (JsonException)
                {
                    result = (new ImportedKey(key, ImportedKey.Invalid, "The value is not in the format the app stored.", []), false);
                }
            }
            outcomes.Add(result.Outcome);
            changed |= result.Changed;
        }
        return new LocalStorageImportReport(outcomes, changed);
    }

    private static async Task<(ImportedKey, bool)> QuickTradesAsync(IDeskGrain desk, string key, string value, DateTimeOffset now)
    {
        var (items, skipped) = QuickTradeImport.Read(value, now);
        if (items is null) return (new ImportedKey(key, ImportedKey.Invalid, Skipped(skipped), []), false);
        var taken = await desk.ImportQuickTrades(items);
        if (!taken.IsOk) return (new ImportedKey(key, ImportedKey.Invalid, Describe(taken.Rejection!), []), false);
        return Outcome(key, taken.Value!.Added, items.Count, skipped, "Every quick trade is already imported.", "No quick trades.");
    }

    private static async Task<(ImportedKey, bool)> CopyDraftsAsync(IDeskGrain desk, string key, string value)
    {
        var (drafts, skipped) = CopyDraftImport.Read(value);
        if (drafts is null) return (new ImportedKey(key, ImportedKey.Invalid, Skipped(skipped), []), false);
        var before = await desk.ListCopyRuns();
        if (!before.IsOk) return (new ImportedKey(key, ImportedKey.Invalid, Describe(before.Rejection!), []), false);
        var known = before.Value!.Select(r => r.Id).ToHashSet();
        var refused = skipped.ToList();
        var added = new List<string>();
        var readable = 0;
        foreach (var draft in drafts)
        {
            var run = await desk.DraftCopyRun(draft);
            if (!run.IsOk) refused.Add($"{draft.ExternalId}: {Describe(run.Rejection!)}");
            else
            {
                readable++;
                if (!known.Contains(run.Value!.Id)) added.Add(draft.ExternalId!);
            }
        }
        return Outcome(key, added, readable, refused, "Every copy-trade draft is already imported.", "No copy-trade drafts.");
    }

    private static (ImportedKey, bool) Outcome(string key, IReadOnlyList<string> added, int readable, IReadOnlyList<string> skipped, string allPresent, string none)
    {
        var why = skipped.Count > 0 ? Skipped(skipped) : null;
        if (added.Count > 0) return (new ImportedKey(key, ImportedKey.Imported, why, added), true);
        if (readable == 0 && skipped.Count > 0) return (new ImportedKey(key, ImportedKey.Invalid, why, []), false);
        return (new ImportedKey(key, ImportedKey.Ignored, string.Join(" ", new[] { readable > 0 ? allPresent : none, why }.OfType<string>()), []), false);
    }

    private static string Skipped(IReadOnlyList<string> skipped) => "Skipped " + string.Join(" ", skipped);

    private static string Describe(Rejection rejection) =>
        rejection.Errors is { Count: > 0 } errors ? string.Join(" ", errors.SelectMany(e => e.Value)) : rejection.Detail ?? rejection.Title;
}
