using System.Text.RegularExpressions;

namespace Arena.Grains.Users;

/// <summary>One watchlist entry as a client sends it, before normalization.</summary>
[GenerateSerializer, Immutable]
public sealed record WatchlistItem([Id(0)] string? Symbol, [Id(1)] string? Exchange = null, [Id(2)] string? Notes = null);

/// <summary>What a merge did: the entries it added, and the symbols it left alone because they were already there.</summary>
[GenerateSerializer, Immutable]
public sealed record WatchlistMerge([Id(0)] IReadOnlyList<WatchlistEntry> Added, [Id(1)] IReadOnlyList<string> Skipped);

/// <summary>
/// Pure watchlist rules: normalization (symbols and exchanges upper case, so "btcusdt" and "BTCUSDT"
/// are one entry), limits, and the plans for add, replace and merge. Field names are the API's JSON names.
/// </summary>
public static partial class WatchlistRules
{
    public const int MaxEntries = 500;
    public const int MaxNotesLength = 500;

    public const string SymbolRule =
        "Symbol must be 1-32 characters: letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit.";

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._:/-]{0,31}$")]
    private static partial Regex SymbolPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]{0,15}$")]
    private static partial Regex ExchangePattern();

    public static string NormalizeSymbol(string? symbol) => (symbol ?? "").Trim().ToUpperInvariant();

    /// <summary>True for a normalized symbol the watchlist can hold.</summary>
    public static bool IsSymbol(string normalized) => SymbolPattern().IsMatch(normalized);

    /// <summary>The symbol normalized, with its error added when the watchlist cannot hold it.</summary>
    public static string CheckSymbol(string? symbol, FieldErrors errors)
    {
        var normalized = NormalizeSymbol(symbol);
        errors.Require(IsSymbol(normalized), "symbol", SymbolRule);
        return normalized;
    }

    /// <summary>
    /// The item as an entry added at <paramref name="now"/>, or null with its errors added under
    /// <paramref name="prefix"/> ("" for a single item, "items[3]." inside a list).
    /// </summary>
    public static WatchlistEntry? ToEntry(WatchlistItem? item, DateTimeOffset now, FieldErrors errors, string prefix = "")
    {
        if (item is null)
        {
            errors.Add(prefix.TrimEnd('.'), "Each item must be an object with a symbol.");
            return null;
        }
        var valid = true;
        void Fail(string field, string message)
        {
            errors.Add(prefix + field, message);
            valid = false;
        }

        var symbol = NormalizeSymbol(item.Symbol);
        if (symbol.Length == 0) Fail("symbol", "Symbol is required.");
        else if (!IsSymbol(symbol)) Fail("symbol", SymbolRule);

        var exchange = string.IsNullOrWhiteSpace(item.Exchange) ? null : item.Exchange.Trim().ToUpperInvariant();
        if (exchange is not null && !ExchangePattern().IsMatch(exchange))
            Fail("exchange", "Exchange must be a code of 1-16 letters, digits, '.', '_' or '-'.");

        var notes = string.IsNullOrWhiteSpace(item.Notes) ? null : item.Notes.Trim();
        if (notes is not null && notes.Length > MaxNotesLength)
            Fail("notes", $"Notes must be at most {MaxNotesLength} characters.");
        else if (notes is not null && notes.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            Fail("notes", "Notes must not contain control characters other than line breaks and tabs.");

        return valid ? new WatchlistEntry(symbol, exchange, notes, now) : null;
    }

    /// <summary>Adds the errors of a single item (as <see cref="ToEntry"/> does, without making the entry).</summary>
    public static void CheckItem(WatchlistItem? item, FieldErrors errors) => ToEntry(item, default, errors);

    /// <summary>The one order every reader sees: oldest first, then by symbol (ordinal, so both dialects agree).</summary>
    public static ImmutableList<WatchlistEntry> Ordered(IEnumerable<WatchlistEntry> entries) =>
        entries.OrderBy(e => e.AddedAt).ThenBy(e => e.Symbol, StringComparer.Ordinal).ToImmutableList();

    public static Result<WatchlistEntry> PlanAdd(WatchlistItem? item, IReadOnlyList<WatchlistEntry> current, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var entry = ToEntry(item, now, errors);
        if (entry is null) return errors.ToRejection();
        if (current.Any(e => e.Symbol == entry.Symbol))
            return Rejection.Conflict($"{entry.Symbol} is already on the watchlist.", "symbol");
        if (current.Count >= MaxEntries)
            return Rejection.Conflict($"The watchlist holds at most {MaxEntries} symbols; remove one first.", "symbol");
        return entry;
    }

    /// <summary>
    /// The whole new list for a replace. Symbols that stay keep their <c>addedAt</c>; new ones get
    /// <paramref name="now"/>. A symbol twice (after normalization) names the later index.
    /// </summary>
    public static Result<ImmutableList<WatchlistEntry>> PlanReplace(IReadOnlyList<WatchlistItem?>? items, IReadOnlyList<WatchlistEntry> current, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var entries = CheckReplacement(items, now, errors);
        if (errors.Any) return errors.ToRejection();
        var existing = current.ToDictionary(e => e.Symbol, StringComparer.Ordinal);
        return Ordered(entries.Select(e => existing.TryGetValue(e.Symbol, out var kept) ? e with { AddedAt = kept.AddedAt } : e));
    }

    /// <summary>The items of a replacement as new entries added at <paramref name="now"/>, with their errors added.</summary>
    public static IReadOnlyList<WatchlistEntry> CheckReplacement(IReadOnlyList<WatchlistItem?>? items, DateTimeOffset now, FieldErrors errors)
    {
        if (items is null)
        {
            errors.Add("items", "Items are required (an empty list clears the watchlist).");
            return [];
        }
        if (items.Count > MaxEntries)
        {
            errors.Add("items", $"The watchlist holds at most {MaxEntries} symbols.");
            return [];
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<WatchlistEntry>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var entry = ToEntry(items[i], now, errors, $"items[{i}].");
            if (entry is null) continue;
            if (seen.TryGetValue(entry.Symbol, out var first))
            {
                errors.Add($"items[{i}].symbol", $"{entry.Symbol} is already at items[{first}].");
                continue;
            }
            seen[entry.Symbol] = i;
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>
    /// Adds the items whose symbols are not on the list yet (the first of any repeats), leaving existing
    /// entries untouched: how data from another source (the localStorage import) joins newer server data.
    /// </summary>
    public static Result<WatchlistMerge> PlanMerge(IReadOnlyList<WatchlistItem?>? items, IReadOnlyList<WatchlistEntry> current, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (items is null) return errors.Add("items", "Items are required.").ToRejection();
        var present = current.Select(e => e.Symbol).ToHashSet(StringComparer.Ordinal);
        var added = new List<WatchlistEntry>();
        var skipped = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var entry = ToEntry(items[i], now, errors, $"items[{i}].");
            if (entry is null) continue;
            if (present.Add(entry.Symbol)) added.Add(entry);
            else skipped.Add(entry.Symbol);
        }
        if (errors.Any) return errors.ToRejection();
        if (current.Count + added.Count > MaxEntries)
            return Rejection.Conflict($"The watchlist would hold {current.Count + added.Count} symbols; the limit is {MaxEntries}.", "items");
        return new WatchlistMerge(added, skipped);
    }
}
