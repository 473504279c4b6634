using System.Text.Json.Serialization;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Enums in request and response bodies as their documented wire names (<see cref="WireEnum{T}"/>), read exactly:
/// <c>"paper"</c> is a trading mode, while <c>0</c>, <c>"0"</c>, <c>" paper"</c> and <c>"Paper"</c> are refused with
/// the JSON exception the binding turns into a 400 naming the field. (The framework's converter reads numbers,
/// numeric strings and any case, so a client could depend on spellings nobody documented.)
/// </summary>
public sealed class ExactEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Exact<>).MakeGenericType(typeToConvert))!;

    private sealed class Exact<T> : JsonConverter<T> where T : struct, Enum
    {
        // A JsonException without a message gets the serializer's "could not be converted to <type>" with the path,
        // which JsonErrors turns into the field and its allowed values.
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && WireEnum<T>.TryParseExact(reader.GetString(), out var value) ? value : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(WireEnum<T>.Name(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            WireEnum<T>.TryParseExact(reader.GetString(), out var value) ? value : throw new JsonException();

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(WireEnum<T>.Name(value));
    }
}
