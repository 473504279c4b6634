using System.Text.Json.Serialization;

namespace Arena.Grains.Common;

/// <summary>
/// A JSON value kept as the exact text a client sent. Serialized raw (not re-encoded), so it reads back
/// byte for byte, inside a larger document too.
/// </summary>
[JsonConverter(typeof(JsonTextConverter))]
[GenerateSerializer, Immutable]
public sealed record JsonText([Id(0)] string Text);

public sealed class JsonTextConverter : JsonConverter<JsonText>
{
    public override JsonText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new JsonText(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, JsonText value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text);
}
