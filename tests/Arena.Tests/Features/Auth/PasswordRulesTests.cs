using Arena.Grains.Common;
using Arena.Grains.Users;

namespace Arena.Tests.Features.Auth;

/// <summary>NIST SP 800-63B rev. 4 for a single-factor password: length, the shipped blocklist and its variants, no composition rules.</summary>
public sealed class PasswordRulesTests
{
    private static IReadOnlyDictionary<string, string[]> Check(string? password, string username = "kestrel_fan", string email = "jo.kestrel@example.test")
    {
        var errors = new FieldErrors();
        AccountRules.CheckRegistration(email, username, password, errors);
        return errors.ToDictionary();
    }

    [Theory]
    [InlineData("password")]
    [InlineData("14 characters!")]
    [InlineData("iloveyouiloveyou")]
    [InlineData("Iloveyou12345678")]
    [InlineData("P4ssw0rd!!2024!!")]
    [InlineData("dragon000000000000")]
    [InlineData("1q2w3e4r5t6y7u8i9o0p")]
    [InlineData("0987654321098765")]
    [InlineData("zyxwvutsrqponmlk")]
    [InlineData("abcabcabcabcabcabc")]
    [InlineData("!!!!!!!!!!!!!!!!!!")]
    [InlineData("The quick brown fox jumps over the lazy dog")]
    [InlineData("kestrel_fan_2026!!")]
    [InlineData("jo.kestrel 1234567")]
    [InlineData("arena1234567890123")]
    public void Guessable_passwords_are_refused(string password) =>
        Assert.Contains("password", Check(password).Keys);

    [Theory]
    [InlineData("moss under oaks")]
    [InlineData("violet kettle under the stairs")]
    [InlineData("tr0mbone-GLACIER-47")]
    [InlineData("зелёный чайник на окне")]
    [InlineData("831062749315570218")]
    [InlineData("kestrel feathers drift south")]
    public void Long_unlisted_passwords_of_any_characters_are_accepted(string password) =>
        Assert.Empty(Check(password));

    [Fact]
    public void Length_counts_characters_not_utf16_units_and_the_maximum_stays()
    {
        // Fourteen emoji are 28 UTF-16 units but 14 characters.
        Assert.Contains("password", Check(string.Concat(Enumerable.Range(0, 14).Select(i => char.ConvertFromUtf32(0x1F400 + i * 3)))).Keys);
        Assert.Contains("password", Check(new string('x', 60) + " walrus " + new string('y', 61)).Keys);
        Assert.Contains("password", Check(null).Keys);
    }

    [Fact]
    public void The_shipped_list_is_loaded()
    {
        Assert.True(CommonPasswords.Count > 40_000, $"only {CommonPasswords.Count} entries");
        Assert.Equal("passw0rd2024", CommonPasswords.Skeleton("P@ssw0rd 2024!"));
    }
}
