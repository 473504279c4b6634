using Arena.Grains.Common;

namespace Arena.Tests.Common;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("a\u0000b", "a control character (U+0000)")]
    [InlineData("a\tb", "a control character (U+0009)")]
    [InlineData("a\r\nb", "a control character (U+000D)")]
    [InlineData("a\u007Fb", "a control character (U+007F)")]
    [InlineData("a\u009Bb", "a control character (U+009B)")]
    [InlineData("a\u2028b", "a line or paragraph separator (U+2028)")]
    [InlineData("gpj\u202Eexe", "a bidirectional control character (U+202E)")]
    [InlineData("a\u202Ab", "a bidirectional control character (U+202A)")]
    [InlineData("a\u2066b\u2069", "a bidirectional control character (U+2066)")]
    [InlineData("a\u200Fb", "a bidirectional control character (U+200F)")]
    [InlineData("a\u061Cb", "a bidirectional control character (U+061C)")]
    [InlineData("a\u200Bb", "an invisible formatting character (U+200B)")]
    [InlineData("a\u2060b", "an invisible formatting character (U+2060)")]
    [InlineData("\uFEFFa", "an invisible formatting character (U+FEFF)")]
    [InlineData("\u3164", "an invisible formatting character (U+3164)")]
    [InlineData("a\u00ADb", "an invisible formatting character (U+00AD)")]
    public void Public_text_refuses_what_would_not_show_as_stored(string text, string refused)
    {
        var errors = new FieldErrors();

        TextRules.CheckPublicText(text, "displayName", errors);

        Assert.Equal([$"Must not contain {refused}."], errors.ToDictionary()["displayName"]);
    }

    // Built in code: xunit's attribute data cannot carry a lone surrogate.
    [Fact]
    public void Public_text_refuses_unpaired_surrogates_and_keeps_pairs()
    {
        Assert.Equal("an unpaired surrogate (U+D800)", TextRules.FindRefused("a" + (char)0xD800 + "b"));
        Assert.Equal("an unpaired surrogate (U+DC00)", TextRules.FindRefused("a" + (char)0xDC00));
        Assert.Equal("an unpaired surrogate (U+DC00)", TextRules.FindRefused("a" + (char)0xDC00 + (char)0xD800));
        Assert.Null(TextRules.FindRefused("a" + (char)0xD83D + (char)0xDE00));
    }

    [Theory]
    [InlineData("Doge Maxi")]
    [InlineData("Zoë Ñandú")]
    [InlineData("مرحبا بالعالم")]
    [InlineData("नमस्ते")]
    [InlineData("می‌خواهم")] // Persian needs the zero-width non-joiner
    [InlineData("👩‍💻 🇮🇳 👍🏽")] // joiner sequences, flags, skin tones
    [InlineData("")]
    [InlineData(null)]
    public void Public_text_accepts_every_script_and_emoji(string? text)
    {
        var errors = new FieldErrors();

        TextRules.CheckPublicText(text, "displayName", errors);

        Assert.False(errors.Any);
    }
}
