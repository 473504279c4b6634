using System.Security.Cryptography;
using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

/// <summary>How a legacy <c>botLogs</c> entry becomes a <c>bot_decisions</c> row. Pure functions.</summary>
public static class LegacyDecisions
{
    /// <summary>
    /// Note prefixes (case-insensitive, after leading spaces) that mark a failed turn. The legacy engine
    /// wrote "SUCCESS: ..." / "✅ ..." for executed decisions and "ERROR: ...", "FAILED: ...", "❌ ..." for
    /// ones it could not execute; anything else (warnings, prices, "⚠️ Skipped ...") is informational.
    /// </summary>
    public static IReadOnlyList<string> FailurePrefixes { get; } = ["error", "failed", "failure", "rejected", "❌"];

    /// <summary>The first note that reports a failure, or null when the turn succeeded.</summary>
    public static string? FailureNote(IReadOnlyList<string> notes) =>
        notes.FirstOrDefault(n => FailurePrefixes.Any(p => n.TrimStart().StartsWith(p, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The decisions in the engine's stored shape: <c>[{action, symbol, size, leverage, stopLoss, takeProfit,
    /// reasoning, status}]</c>, every key present (null when the model left it out). The legacy engine did not
    /// record per-decision outcomes (its notes did), so each is <c>"accepted"</c>.
    /// </summary>
    public static string DecisionsJson(IReadOnlyList<ProposedDecision> decisions)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var d in decisions)
            {
                json.WriteStartObject();
                WriteText(json, "action", d.Action);
                WriteText(json, "symbol", d.Symbol);
                WriteNumber(json, "size", d.Size);
                WriteNumber(json, "leverage", d.Leverage);
                WriteNumber(json, "stopLoss", d.StopLoss);
                WriteNumber(json, "takeProfit", d.TakeProfit);
                WriteText(json, "reasoning", d.Reasoning);
                json.WriteString("status", "accepted");
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string NotesJson(IReadOnlyList<string> notes) => JsonSerializer.Serialize(notes);

    /// <summary>
    /// A stable identity for a log entry: SHA-256 over the bot id, the timestamp and the normalized content
    /// (length-prefixed, so no two field lists hash alike), first 32 hex digits. It does not depend on the
    /// entry's array position or the file's formatting, so a re-exported blob matches the rows already imported.
    /// </summary>
    public static string ExternalId(string botId, DateTimeOffset at, string? prompt, string decisionsJson, string notesJson)
    {
        var text = new StringBuilder();
        foreach (var field in new[] { botId, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), prompt ?? "", decisionsJson, notesJson })
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        return Sha256(text.ToString())[..32];
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void WriteText(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
