using System.Text.Json.Serialization;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Every string a request body binds, values and member names alike: a NUL is refused with a 400 naming the field.
/// No field means one (PostgreSQL's text cannot even store it, and logs and terminals cut at it); lone surrogates
/// already fail in the reader, and other control characters are the business of each field's rules.
/// </summary>
public sealed class StrictStrings : JsonConverter<string>
{
    public const string NulMessage = "Must not contain a NUL character (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString())!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Checked(string? value) =>
        value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new FieldJsonException(NulMessage) : value;
}

/// <summary>A JSON reading failure whose message is already the sentence for the client (the serializer adds the path).</summary>
public sealed class FieldJsonException(string message) : JsonException(message);
