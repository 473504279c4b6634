using System.Text.Encodings.Web;

namespace Arena.Grains.Providers.OpenAi;

/// <summary>What a chat completion answered.</summary>
internal sealed record Completion(string? Text, int PromptTokens, int CompletionTokens, string? FinishReason, string? Refusal);

/// <summary>
/// The OpenAI Chat Completions wire format, as far as Arena uses it. The bot's prompt goes as the user
/// message, unchanged; a fixed system message states the answer format, so JSON mode (which requires
/// the word "JSON" in the conversation) works whatever the prompt says, and every provider sees the
/// same contract.
/// </summary>
internal static class ChatCompletionsWire
{
    public const string SystemMessage =
        "You are an autonomous trading bot competing in Arena, a futures trading arena. " +
        "Answer with exactly one JSON object and nothing else, in this shape: " +
        "{\"decisions\":[{\"action\":\"LONG|SHORT|CLOSE|HOLD\",\"symbol\":\"BTCUSDT\",\"size\":<notional in USDT>," +
        "\"leverage\":<integer>,\"stopLoss\":<price>,\"takeProfit\":<price>,\"reasoning\":\"<why>\"}]}. " +
        "Use an empty list or a single HOLD to do nothing.";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Request(ProviderSettings settings, string prompt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("model", settings.Model);
            json.WriteStartArray("messages");
            WriteMessage(json, "system", SystemMessage);
            WriteMessage(json, "user", prompt);
            json.WriteEndArray();
            if (settings.Temperature is { } temperature) json.WriteNumber("temperature", temperature);
            if (settings.MaxTokens is { } maxTokens) json.WriteNumber("max_tokens", maxTokens);
            json.WriteBoolean("stream", false);
            if (settings.JsonMode)
            {
                json.WriteStartObject("response_format");
                json.WriteString("type", "json_object");
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A chat turn: the persona and public facts as the system message, the bounded history of this user with this bot
    /// (<c>agent</c> as <c>assistant</c>), then the message. The bot's prompt is not part of it. <c>max_tokens</c> is the
    /// smaller of the provider's and the chat's limit.
    /// </summary>
    public static byte[] ChatRequest(ProviderSettings settings, Providers.ChatRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("model", settings.Model);
            json.WriteStartArray("messages");
            WriteMessage(json, "system", AgentPersona.SystemMessage(request.Context));
            foreach (var turn in request.History)
                WriteMessage(json, turn.Role == ChatTurn.AgentRole ? "assistant" : "user", turn.Content);
            WriteMessage(json, "user", request.Message);
            json.WriteEndArray();
            if (settings.Temperature is { } temperature) json.WriteNumber("temperature", temperature);
            json.WriteNumber("max_tokens", settings.MaxTokens is { } max ? Math.Min(max, request.MaxReplyTokens) : request.MaxReplyTokens);
            json.WriteBoolean("stream", false);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The first choice and the usage; null when the body is not a chat completion.</summary>
    public static Completion? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            // A server that cuts an answer inside a surrogate pair sends text that is not Unicode: unreadable, like bad JSON.
            if (root.ValueKind != JsonValueKind.Object || JsonStrings.FindInvalidText(root, "") is not null
                || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
                || !choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
                return null;
            var usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
            return new Completion(
                Content(message),
                Count(usage, "prompt_tokens"),
                Count(usage, "completion_tokens"),
                String(choices[0], "finish_reason"),
                String(message, "refusal"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>error.message</c> of an error body (OpenAI shape), if there is one.</summary>
    public static string? ErrorMessage(byte[]? body)
    {
        if (body is null || body.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || JsonStrings.FindInvalidText(root, "") is not null || !root.TryGetProperty("error", out var error)) return null;
            return error.ValueKind switch
            {
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object => String(error, "message"),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    // Content is a string; some servers send a list of parts, whose text parts are joined.
    private static string? Content(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content)) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
            if (part.ValueKind == JsonValueKind.Object && String(part, "text") is { } t) text.Append(t);
        return text.Length > 0 ? text.ToString() : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Count(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : 0;
}
