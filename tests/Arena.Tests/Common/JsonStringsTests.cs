using Arena.Grains.Common;

namespace Arena.Tests.Common;

public sealed class JsonStringsTests
{
    [Theory]
    [InlineData("""{"a":"ok","b":["x","\ud800"]}""", "b[1]")]
    [InlineData("""{"a":{"\udc00":1}}""", "a")]
    [InlineData("""{"\ud800":1}""", "")]
    [InlineData("""{"a":{"b":"x\ud83d"}}""", "a.b")]
    [InlineData("\"\\ud800\"", "")]
    public void The_first_string_that_is_not_text_is_found_by_its_path(string json, string path)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(path, JsonStrings.FindInvalidText(document.RootElement, ""));
    }

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00","b":["x",1,true,null],"\u00e9":{}}""")]
    [InlineData("[]")]
    [InlineData("1")]
    public void Text_with_paired_escapes_passes(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(JsonStrings.FindInvalidText(document.RootElement, ""));
    }

    [Fact]
    public void The_error_names_the_body_for_the_document_itself()
    {
        using var document = JsonDocument.Parse("""{"\ud800":1}""");
        var errors = new FieldErrors();

        Assert.False(JsonStrings.CheckText(document.RootElement, "", errors));
        Assert.Equal(["body"], errors.ToDictionary().Keys);
    }
}
