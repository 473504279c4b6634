using Arena.Grains.Common;
using Arena.Grains.Users;

namespace Arena.Tests.Features.UiState;

/// <summary>UI state limits and the raw JSON value type (pure; no server).</summary>
public sealed class UiStateRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("signals_filter")]
    [InlineData("oracle.period")]
    [InlineData("passport:active-tab")]
    [InlineData("...")]
    public void Keys_of_the_allowed_characters_and_length_are_accepted(string key) => Assert.Null(UiStateRules.CheckKey(key));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("thème")]
    public void Other_keys_are_rejected_naming_the_key(string key)
    {
        var rejection = UiStateRules.CheckKey(key);

        Assert.Equal(RejectionKind.Invalid, rejection?.Kind);
        Assert.Equal(["key"], rejection!.Errors!.Keys);
    }

    [Fact]
    public void Keys_are_at_most_64_characters()
    {
        Assert.Null(UiStateRules.CheckKey(new string('k', UiStateRules.MaxKeyLength)));
        Assert.NotNull(UiStateRules.CheckKey(new string('k', UiStateRules.MaxKeyLength + 1)));
    }

    [Fact]
    public void The_size_limit_counts_utf8_bytes_not_characters()
    {
        var fits = "\"" + new string('é', (UiStateRules.MaxValueBytes - 2) / 2) + "\"";
        var over = "\"" + new string('é', (UiStateRules.MaxValueBytes - 2) / 2) + "x\"";

        Assert.Equal(UiStateRules.MaxValueBytes, Encoding.UTF8.GetByteCount(fits));
        Assert.Null(UiStateRules.CheckValue(fits));
        Assert.Equal(RejectionKind.TooLarge, UiStateRules.CheckValue(over)?.Kind);
        Assert.True(over.Length < UiStateRules.MaxValueBytes);
    }

    /// <summary>Texts that are not exactly one JSON value (also sent over HTTP by <see cref="UiStateTests"/>).</summary>
    public static TheoryData<string> NotOneJsonValue => new("{", "", "undefined", "{'a':1}", "[1,]", "1 2");

    [Theory]
    [MemberData(nameof(NotOneJsonValue))]
    public void Values_that_are_not_one_json_value_are_rejected(string json) =>
        Assert.Equal(["value"], UiStateRules.CheckValue(json)!.Errors!.Keys);

    [Fact]
    public void The_101st_key_does_not_fit_but_replacing_a_key_always_does()
    {
        Assert.Null(UiStateRules.CheckRoom(UiStateRules.MaxKeys - 1, exists: false));
        Assert.Equal(RejectionKind.Conflict, UiStateRules.CheckRoom(UiStateRules.MaxKeys, exists: false)?.Kind);
        Assert.Null(UiStateRules.CheckRoom(UiStateRules.MaxKeys, exists: true));
    }

    [Fact]
    public void Json_text_is_written_raw_inside_a_document_and_read_back_as_its_text()
    {
        var text = "{ \"a\" :\t[1, 2.50e0,  \"\\u00e9\"] }";

        var json = JsonSerializer.Serialize(new { value = new JsonText(text) });
        var back = JsonSerializer.Deserialize<JsonElement>(json).GetProperty("value");

        Assert.Equal("{\"value\":" + text + "}", json);
        Assert.Equal(text, JsonSerializer.Deserialize<JsonText>(text)!.Text);
        Assert.Equal(text, back.GetRawText());
    }
}
