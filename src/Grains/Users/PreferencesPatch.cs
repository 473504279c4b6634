namespace Arena.Grains.Users;

/// <summary>
/// A change to the preferences, parsed from a JSON body: a full replacement (PUT) or a JSON Merge Patch
/// (RFC 7396, PATCH). Applied to the row as stored, so "never set" survives what the change leaves alone.
/// <list type="bullet">
/// <item>A member that is absent leaves its field as it is.</item>
/// <item>A member that is null resets its field to "never set" (the API answers the default again).</item>
/// <item><c>tradingModes</c> is an object and merges member by member (a member set to null takes its default).</item>
/// <item>Arrays (<c>auxiliaryModes</c>) replace; <c>updatedAt</c> is read-only and ignored; any other member is an error.</item>
/// </list>
/// </summary>
[GenerateSerializer, Immutable]
public sealed class PreferencesPatch
{
    private PreferencesPatch(StoredPreferences values, ImmutableHashSet<string> fields, ImmutableDictionary<TradingMode, bool?> modeChanges)
    {
        Values = values;
        Fields = fields;
        ModeChanges = modeChanges;
    }

    /// <summary>New values of the fields in <see cref="Fields"/> (null: reset).</summary>
    [Id(0)] public StoredPreferences Values { get; }

    /// <summary>JSON names of the fields this change replaces.</summary>
    [Id(1)] public ImmutableHashSet<string> Fields { get; }

    /// <summary>Members of <c>tradingModes</c> a merge patch changes (null: that mode's default).</summary>
    [Id(2)] public ImmutableDictionary<TradingMode, bool?> ModeChanges { get; }

    /// <summary>Parses a whole-document replacement: every field is required; only <c>disclosureAcceptedAt</c> may be null.</summary>
    public static Result<PreferencesPatch> ParseReplacement(ReadOnlyMemory<byte> json) => Parse(json, replace: true);

    /// <summary>Parses a JSON Merge Patch.</summary>
    public static Result<PreferencesPatch> ParseMergePatch(ReadOnlyMemory<byte> json) => Parse(json, replace: false);

    public StoredPreferences ApplyTo(StoredPreferences current)
    {
        var next = current;
        foreach (var field in PreferenceFields.All.Where(f => Fields.Contains(f.Name)))
            next = field.CopyFrom(next, Values);
        if (!ModeChanges.IsEmpty)
        {
            var defaults = PreferencesView.Defaults.TradingModes;
            var modes = current.TradingModes ?? defaults;
            foreach (var (mode, enabled) in ModeChanges) modes = modes.With(mode, enabled ?? defaults.IsEnabled(mode));
            next = next with { TradingModes = modes };
        }
        return next;
    }

    private static Result<PreferencesPatch> Parse(ReadOnlyMemory<byte> json, bool replace)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return Rejection.Invalid("body", "The body is not valid JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Rejection.Invalid("body", "The body must be a JSON object.");

            var errors = new FieldErrors();
            // Checked once here, so every member name and string below reads without throwing.
            if (!JsonStrings.CheckText(root, "", errors)) return errors.ToRejection();
            var values = StoredPreferences.Unset;
            var fields = ImmutableHashSet.CreateBuilder<string>();
            var modeChanges = ImmutableDictionary<TradingMode, bool?>.Empty;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                var name = member.Name;
                var value = member.Value;
                if (!seen.Add(name)) errors.Add(name, "Given more than once.");
                else if (PreferenceFields.ReadOnly.Contains(name))
                {
                    // Ignored, so a client may send back what it read; but only as what it read: null or a time.
                    if (value.ValueKind != JsonValueKind.Null && (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out _)))
                        errors.Add(name, "Read-only; when sent it must be the time (or null) that was read.");
                }
                else if (PreferenceFields.Find(name) is not { } field) errors.Add(name, "Unknown field.");
                else if (value.ValueKind == JsonValueKind.Null)
                {
                    if (replace && !PreferenceFields.Optional.Contains(name)) errors.Add(name, "Required; must not be null.");
                    fields.Add(name);
                }
                else if (!replace && name == PreferenceFields.TradingModesName)
                    modeChanges = PreferenceFields.ReadModeMembers(value, errors).ToImmutableDictionary();
                else
                {
                    values = field.Read(value, errors, values);
                    fields.Add(name);
                }
            }
            if (replace)
                foreach (var missing in PreferenceFields.All.Where(f => !seen.Contains(f.Name)))
                    errors.Add(missing.Name, PreferenceFields.Optional.Contains(missing.Name) ? "Required (may be null)." : "Required.");
            if (errors.Any) return errors.ToRejection();
            return new PreferencesPatch(values, fields.ToImmutable(), modeChanges);
        }
    }
}
