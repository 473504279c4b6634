namespace Arena.Grains.Users;

/// <summary>Rules across fields, checked on the preferences as they would be after a change (defaults filled in).</summary>
public static class PreferenceRules
{
    /// <summary>How far ahead of the server's clock a client's disclosure timestamp may be.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static FieldErrors Check(PreferencesView p, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (!p.TradingModes.IsEnabled(p.PrimaryMode))
            errors.Add("primaryMode", $"'{WireEnum<TradingMode>.Name(p.PrimaryMode)}' is not enabled in tradingModes.");

        var disabled = p.AuxiliaryModes.Where(m => !p.TradingModes.IsEnabled(m)).Select(WireEnum<TradingMode>.Name).ToArray();
        if (disabled.Length > 0) errors.Add("auxiliaryModes", $"Not enabled in tradingModes: {string.Join(", ", disabled)}.");
        if (p.AuxiliaryModes.Contains(p.PrimaryMode))
            errors.Add("auxiliaryModes", $"Must not contain the primary mode '{WireEnum<TradingMode>.Name(p.PrimaryMode)}'.");
        if (p.AuxiliaryModes.Distinct().Count() != p.AuxiliaryModes.Count) errors.Add("auxiliaryModes", "Each mode may be listed once.");

        if (p.DisclosureAcceptedAt > now + ClockSkew) errors.Add("disclosureAcceptedAt", "Must not be in the future.");
        return errors;
    }
}
