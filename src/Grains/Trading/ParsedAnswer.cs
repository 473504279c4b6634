using System.Text.Json.Serialization;

namespace Arena.Grains.Trading;

/// <summary>The single repair pass applied to an answer that was almost JSON (flags: several may apply).</summary>
[Flags]
public enum AnswerRepairs
{
    None = 0,
    /// <summary>The JSON was inside a Markdown code fence (```json ... ```); the fence was stripped.</summary>
    CodeFence = 1,
    /// <summary>The JSON was the first balanced array/object that parses, cut out of surrounding prose.</summary>
    ExtractedFromProse = 2,
    /// <summary>Trailing commas before ] or } were tolerated.</summary>
    TrailingCommas = 4,
}

/// <summary>Which accepted shape the answer had.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerShape>))]
public enum AnswerShape
{
    [JsonStringEnumMemberName("none")] None,
    /// <summary>A JSON array of decision objects.</summary>
    [JsonStringEnumMemberName("array")] Array,
    /// <summary>An object with a <c>decisions</c> array (the format the prompt asks for).</summary>
    [JsonStringEnumMemberName("decisions_object")] DecisionsObject,
    /// <summary>One decision object where a list was asked for.</summary>
    [JsonStringEnumMemberName("single_decision")] SingleDecision,
}

/// <summary>
/// A provider's answer read as decisions. <see cref="Failure"/> ("malformed answer: ...") is set when no
/// decision list could be read; <see cref="Warnings"/> name elements that were skipped.
/// </summary>
public sealed record ParsedAnswer(
    IReadOnlyList<ProposedDecision> Decisions,
    AnswerShape Shape,
    AnswerRepairs Repairs,
    string? Failure,
    IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Failure is null;

    public static ParsedAnswer Failed(string reason, AnswerRepairs repairs = AnswerRepairs.None) =>
        new([], AnswerShape.None, repairs, "malformed answer: " + reason, []);
}
