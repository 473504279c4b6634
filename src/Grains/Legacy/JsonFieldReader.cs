namespace Arena.Grains.Legacy;

/// <summary>
/// Typed reads of one JSON object's fields that record a <see cref="LegacyError"/> (with the value's
/// JSON path) instead of throwing, so one pass reports every problem of a file. A field that is absent
/// or <c>null</c> counts as missing. Numbers are JSON numbers or strings holding one (legacy JavaScript
/// sometimes stored <c>toFixed()</c> strings); they are read straight into <see cref="decimal"/>, never
/// through <see cref="double"/>.
/// </summary>
internal sealed class JsonFieldReader(int maxErrors)
{
    // Unix milliseconds between 2000-01-01 and 2100-01-01: anything else is seconds, microseconds or garbage.
    private const long MinTimestamp = 946_684_800_000;
    private const long MaxTimestamp = 4_102_444_800_000;

    private readonly List<LegacyError> errors = [];

    public IReadOnlyList<LegacyError> Errors => errors;

    public bool Full => errors.Count >= maxErrors;

    public void Fail(string path, string message)
    {
        if (!Full) errors.Add(new LegacyError(path, message));
    }

    public static string At(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string At(string path, int index) => $"{path}[{index}]";

    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object) return true;
        Fail(path, "must be an object");
        return false;
    }

    public string? String(JsonElement obj, string path, string name, bool required)
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Fail(At(path, name), "is required");
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && text.Trim().Length > 0) return text;
        Fail(At(path, name), "must be a non-empty string");
        return null;
    }

    /// <summary>An id: a non-empty string, or an integer (legacy ids were sometimes <c>Date.now()</c> numbers).</summary>
    public string? Id(JsonElement obj, string path, string name)
    {
        if (TryGet(obj, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            return number.ToString(CultureInfo.InvariantCulture);
        var text = String(obj, path, name, required: true);
        if (text is { Length: > 200 }) { Fail(At(path, name), "must be at most 200 characters"); return null; }
        return text?.Trim();
    }

    public decimal? Number(JsonElement obj, string path, string name, bool required, NumberRule rule = NumberRule.Any)
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Fail(At(path, name), $"is required ({Describe(rule)})");
            return null;
        }
        if (!TryDecimal(value, out var number) || !Satisfies(number, rule))
        {
            Fail(At(path, name), $"must be {Describe(rule)}");
            return null;
        }
        return number;
    }

    /// <summary>Optional price level (stop-loss, take-profit, liquidation): absent, null or 0 mean none.</summary>
    public decimal? OptionalPrice(JsonElement obj, string path, string name)
    {
        var value = Number(obj, path, name, required: false, NumberRule.NonNegative);
        return value is 0m ? null : value;
    }

    public int? Leverage(JsonElement obj, string path, string name)
    {
        var value = Number(obj, path, name, required: true);
        if (value is null) return null;
        if (value is >= 1 and <= 125 && value == decimal.Truncate(value.Value)) return (int)value.Value;
        Fail(At(path, name), "must be a whole number from 1 to 125");
        return null;
    }

    public int? Count(JsonElement obj, string path, string name)
    {
        var value = Number(obj, path, name, required: false, NumberRule.NonNegative);
        if (value is null) return null;
        if (value <= int.MaxValue && value == decimal.Truncate(value.Value)) return (int)value.Value;
        Fail(At(path, name), "must be a whole number of 0 or more");
        return null;
    }

    public DateTimeOffset? Timestamp(JsonElement obj, string path, string name)
    {
        var value = Number(obj, path, name, required: true);
        if (value is null) return null;
        if (value >= MinTimestamp && value <= MaxTimestamp && value == decimal.Truncate(value.Value))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)value.Value);
        Fail(At(path, name), "must be Unix milliseconds (a whole number, between the years 2000 and 2100)");
        return null;
    }

    public bool Bool(JsonElement obj, string path, string name)
    {
        if (!TryGet(obj, name, out var value)) return false;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Fail(At(path, name), "must be true or false");
        return false;
    }

    /// <summary>The array's elements, an empty list when absent (or required and missing: an error).</summary>
    public IReadOnlyList<JsonElement> Array(JsonElement obj, string path, string name, bool required)
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Fail(At(path, name), "is required (an array)");
            return [];
        }
        if (value.ValueKind == JsonValueKind.Array) return value.EnumerateArray().ToList();
        Fail(At(path, name), "must be an array");
        return [];
    }

    /// <summary>One of <paramref name="allowed"/>, matched case-insensitively and returned in its canonical spelling.</summary>
    public string? OneOf(JsonElement obj, string path, string name, bool required, params string[] allowed)
    {
        var text = String(obj, path, name, required);
        if (text is null) return null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null) Fail(At(path, name), $"must be {string.Join(", ", allowed[..^1])} or {allowed[^1]} (found '{Shorten(text)}')");
        return match;
    }

    public static bool TryDecimal(JsonElement value, out decimal number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out number),
            JsonValueKind.String => decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static bool Satisfies(decimal value, NumberRule rule) => rule switch
    {
        NumberRule.Positive => value > 0,
        NumberRule.NonNegative => value >= 0,
        NumberRule.Fraction => value is >= 0 and <= 1,
        _ => true,
    };

    private static string Describe(NumberRule rule) => rule switch
    {
        NumberRule.Positive => "a positive number",
        NumberRule.NonNegative => "a number of 0 or more",
        NumberRule.Fraction => "a number from 0 to 1",
        _ => "a number",
    };
}

internal enum NumberRule { Any, Positive, NonNegative, Fraction }
