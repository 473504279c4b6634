namespace Arena.Grains.Trading;

/// <summary>
/// Reads a provider's raw answer as decisions. Accepts a JSON array of decision objects, an object with
/// a <c>decisions</c> array, or a single decision object. When the text is not valid JSON it is repaired
/// ONCE (strip a Markdown fence, cut the first balanced JSON out of prose, tolerate trailing commas) and
/// the repairs are reported. Never throws: oversized, deeply nested or garbage input is a
/// <see cref="ParsedAnswer.Failure"/>. It reads, it does not judge: values are checked by <see cref="DecisionValidator"/>.
/// </summary>
public static class DecisionParser
{
    public const int MaxAnswerChars = 256 * 1024;
    public const int MaxDepth = 32;
    public const int MaxDecisions = 64;
    public const int MaxTextFieldChars = 64;
    public const int MaxReasoningChars = 2000;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip };
    private static readonly JsonDocumentOptions Lenient = Strict with { AllowTrailingCommas = true };

    public static ParsedAnswer Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer)) return ParsedAnswer.Failed("the answer is empty.");
        if (answer.Length > MaxAnswerChars)
            return ParsedAnswer.Failed($"the answer has {answer.Length} characters, more than the {MaxAnswerChars} accepted.");

        var direct = TryParse(answer, Strict, out var error);
        if (direct is not null)
            using (direct) return Read(direct.RootElement, AnswerRepairs.None);

        var body = answer;
        var repairs = AnswerRepairs.None;
        if (JsonRepair.TryStripFence(answer, out var fenced))
        {
            body = fenced;
            repairs |= AnswerRepairs.CodeFence;
        }
        // The first candidate that parses AND reads as decisions wins: prose often holds a stray
        // "[see below]" or "{...}" before the real answer.
        ParsedAnswer? firstReadable = null;
        var whole = body.Trim().Length;
        var candidates = JsonRepair.Candidates(body, MaxDepth, out var stop);
        foreach (var candidate in candidates)
        {
            var applied = candidate.Length == whole ? repairs : repairs | AnswerRepairs.ExtractedFromProse;
            var doc = TryParse(candidate, Strict, out _);
            if (doc is null && (doc = TryParse(candidate, Lenient, out _)) is not null) applied |= AnswerRepairs.TrailingCommas;
            if (doc is null) continue;
            using (doc)
            {
                var result = Read(doc.RootElement, applied);
                if (result.Succeeded) return result;
                firstReadable ??= result;
            }
        }
        return firstReadable ?? ParsedAnswer.Failed(stop switch
        {
            JsonRepair.Stop.TooDeep => $"the JSON is nested deeper than {MaxDepth} levels.",
            JsonRepair.Stop.Unbalanced => "the JSON is cut off or its brackets do not match; no part of it is executed.",
            _ => error,
        }, repairs);
    }

    private static JsonDocument? TryParse(string text, JsonDocumentOptions options, out string error)
    {
        try
        {
            error = "";
            return JsonDocument.Parse(text, options);
        }
        catch (JsonException e)
        {
            error = "not JSON (" + e.Message + ")";
            return null;
        }
        catch (ArgumentException)
        {
            // JsonDocument.Parse(string) refuses text that is not valid UTF-16 (a lone surrogate).
            error = "not JSON (the text is not valid UTF-16).";
            return null;
        }
    }

    private static ParsedAnswer Read(JsonElement root, AnswerRepairs repairs)
    {
        JsonElement list;
        AnswerShape shape;
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                (list, shape) = (root, AnswerShape.Array);
                break;
            case JsonValueKind.Object when Property(root, "decisions") is { } inner:
                if (inner.ValueKind == JsonValueKind.Object)
                    return Single(inner, AnswerShape.DecisionsObject, repairs);
                if (inner.ValueKind == JsonValueKind.Null)
                    return new([], AnswerShape.DecisionsObject, repairs, null, []);
                if (inner.ValueKind != JsonValueKind.Array)
                    return ParsedAnswer.Failed($"'decisions' is {Kind(inner)}, not an array.", repairs);
                (list, shape) = (inner, AnswerShape.DecisionsObject);
                break;
            case JsonValueKind.Object when Property(root, "action") is not null:
                return Single(root, AnswerShape.SingleDecision, repairs);
            case JsonValueKind.Object:
                return ParsedAnswer.Failed("the object has neither a 'decisions' array nor an 'action'.", repairs);
            default:
                return ParsedAnswer.Failed($"expected a JSON array or object, got {Kind(root)}.", repairs);
        }

        var count = list.GetArrayLength();
        if (count > MaxDecisions) return ParsedAnswer.Failed($"{count} decisions, more than the {MaxDecisions} accepted.", repairs);
        var decisions = new List<ProposedDecision>(count);
        var warnings = new List<string>();
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object) decisions.Add(Decision(element));
            else warnings.Add($"decision {index} is {Kind(element)}, not an object: ignored.");
            index++;
        }
        return new(decisions, shape, repairs, null, warnings);
    }

    private static ParsedAnswer Single(JsonElement decision, AnswerShape shape, AnswerRepairs repairs) =>
        new([Decision(decision)], shape, repairs, null, []);

    private static ProposedDecision Decision(JsonElement o) => new(
        Text(Property(o, "action"), MaxTextFieldChars),
        Text(Property(o, "symbol"), MaxTextFieldChars),
        Number(Property(o, "size"), allowLeverageSuffix: false),
        Number(Property(o, "leverage"), allowLeverageSuffix: true),
        Number(Property(o, "stoploss"), allowLeverageSuffix: false),
        Number(Property(o, "takeprofit"), allowLeverageSuffix: false),
        Text(Property(o, "reasoning") ?? Property(o, "reason"), MaxReasoningChars),
        Text(Property(o, "confidence"), MaxTextFieldChars),
        Text(Property(o, "horizon"), MaxTextFieldChars));

    /// <summary>
    /// The first property whose name, lower-cased without '_', '-' and spaces, is <paramref name="key"/>:
    /// stopLoss, StopLoss, stop_loss and "stop-loss" are one field.
    /// </summary>
    private static JsonElement? Property(JsonElement o, string key)
    {
        foreach (var p in o.EnumerateObject())
            if (Name(p) is { } name && NormalizedName(name) == key) return p.Value;
        return null;
    }

    // System.Text.Json parses a string that escapes a lone surrogate ("\ud800") but throws
    // InvalidOperationException when asked to decode it. Such a name is treated as absent, such a
    // value as its raw JSON text (the escapes as written), such a number as not a number.
    private static string? Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Decoded(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string NormalizedName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
            if (c is not ('_' or '-' or ' ')) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static string? Text(JsonElement? value, int max)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return null;
        var text = v.ValueKind == JsonValueKind.String ? Decoded(v) ?? v.GetRawText()[1..^1] : v.GetRawText();
        return Fmt.Cap(text, max);
    }

    /// <summary>
    /// A JSON number, or a string holding one (invariant culture, optional exponent, an optional leading
    /// '$', and for leverage an optional trailing 'x' as in "10x"). Anything else is null: the validator
    /// reports it as missing or not a number.
    /// </summary>
    private static decimal? Number(JsonElement? value, bool allowLeverageSuffix)
    {
        if (value is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.TryGetDecimal(out var d) ? d : null;
        if (v.ValueKind != JsonValueKind.String) return null;
        if (Decoded(v) is not { } text) return null;
        var s = text.Trim();
        if (s.StartsWith('$')) s = s[1..].TrimStart();
        if (allowLeverageSuffix && (s.EndsWith('x') || s.EndsWith('X'))) s = s[..^1].TrimEnd();
        return decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
