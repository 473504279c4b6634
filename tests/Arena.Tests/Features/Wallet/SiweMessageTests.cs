using Arena.Grains.Auth.Wallet;

namespace Arena.Tests.Features.Wallet;

public sealed class SiweMessageTests
{
    private static readonly DateTimeOffset Issued = new(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private static readonly SiweMessage Sample = new(
        "arena.example:8443", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "Sign in to Arena.", "https://arena.example:8443",
        1, "abcDEF123456", Issued, Issued.AddMinutes(5));

    private const string SampleText =
        "arena.example:8443 wants you to sign in with your Ethereum account:\n" +
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n" +
        "\n" +
        "Sign in to Arena.\n" +
        "\n" +
        "URI: https://arena.example:8443\n" +
        "Version: 1\n" +
        "Chain ID: 1\n" +
        "Nonce: abcDEF123456\n" +
        "Issued At: 2025-03-01T12:00:00.123Z\n" +
        "Expiration Time: 2025-03-01T12:05:00.123Z";

    [Fact]
    public void Format_writes_the_eip_4361_layout_and_parse_reads_it_back()
    {
        Assert.Equal(SampleText, Sample.Format());
        var parsed = SiweMessage.TryParse(SampleText)!;
        Assert.Equal(Sample with { Resources = null }, parsed with { Resources = null });
        Assert.Equal(SampleText, parsed.Format());
    }

    [Fact]
    public void A_message_without_a_statement_has_two_blank_lines_and_round_trips()
    {
        var bare = Sample with { Statement = null, ExpirationTime = null };
        var text = bare.Format();
        Assert.Contains("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n\n\nURI: ", text);
        Assert.Equal(text, SiweMessage.TryParse(text)!.Format());
        Assert.Null(SiweMessage.TryParse(text)!.Statement);
    }

    [Fact]
    public void The_optional_fields_parse_in_order()
    {
        var full = Sample with { NotBefore = Issued, RequestId = "req-1", Resources = ["ipfs://bafy", "https://arena.example/terms"] };
        var parsed = SiweMessage.TryParse(full.Format())!;
        Assert.Equal(Issued, parsed.NotBefore);
        Assert.Equal("req-1", parsed.RequestId);
        Assert.Equal(["ipfs://bafy", "https://arena.example/terms"], parsed.Resources!);
        Assert.Equal(full.Format(), parsed.Format());
    }

    [Fact]
    public void Timestamps_with_offsets_are_rfc_3339_and_parse_to_the_same_instant()
    {
        var text = SampleText.Replace("Issued At: 2025-03-01T12:00:00.123Z", "Issued At: 2025-03-01T13:30:00+01:30");
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), SiweMessage.TryParse(text)!.IssuedAt);
    }

    public static TheoryData<string> Broken => new()
    {
        SampleText.Replace("\n", "\r\n"),                                                   // CRLF
        SampleText + "\n",                                                                   // trailing line
        "https://" + SampleText,                                                             // scheme before the domain
        SampleText.Replace("wants you to sign in", "wants you to log in"),
        SampleText.Replace("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), // not EIP-55
        SampleText.Replace("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), // bad checksum
        SampleText.Replace("Sign in to Arena.", "Sign in\tto Arena."),                      // control character in the statement
        SampleText.Replace("Sign in to Arena.", "Sign in to Arena ✓"),                      // not a URI character
        SampleText.Replace("Version: 1", "Version: 2"),
        SampleText.Replace("Chain ID: 1", "Chain ID: 01"),
        SampleText.Replace("Chain ID: 1", "Chain ID: 0"),
        SampleText.Replace("Chain ID: 1", "Chain ID: -1"),
        SampleText.Replace("Chain ID: 1", "Chain ID: 99999999999"),
        SampleText.Replace("Nonce: abcDEF123456", "Nonce: abc123"),                          // shorter than 8
        SampleText.Replace("Nonce: abcDEF123456", "Nonce: abcDEF-123456"),                   // not alphanumeric
        SampleText.Replace("2025-03-01T12:00:00.123Z", "2025-03-01 12:00:00Z"),
        SampleText.Replace("2025-03-01T12:05:00.123Z", "2025-02-30T12:05:00Z"),
        SampleText.Replace("URI: https://arena.example:8443", "URI: not a uri"),
        SampleText.Replace("URI: https://arena.example:8443", "URI: /relative/path"),
        SampleText.Replace("URI: https://arena.example:8443\nVersion: 1", "Version: 1\nURI: https://arena.example:8443"), // out of order
        SampleText.Replace("\nVersion: 1", ""),                                              // missing field
        SampleText.Replace("Expiration Time: 2025-03-01T12:05:00.123Z", "Not Before: 2025-03-01T12:00:00Z\nExpiration Time: 2025-03-01T12:05:00.123Z"),
        SampleText + "\nExtra: field",
        SampleText.Replace("Sign in to Arena.\n\n", "Sign in to Arena.\nSecond line\n\n"),
        "arena.example/path wants you to sign in with your Ethereum account:" + SampleText[SampleText.IndexOf('\n')..],
        new string('x', SiweMessage.MaxLength + 1),
        "",
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Anything_off_the_grammar_does_not_parse(string text) => Assert.Null(SiweMessage.TryParse(text));

    [Fact]
    public void Nonces_are_long_random_alphanumerics()
    {
        var nonces = Enumerable.Range(0, 200).Select(_ => SiweMessage.NewNonce()).ToArray();
        Assert.All(nonces, n => Assert.True(SiweMessage.IsValidNonce(n) && n.Length >= 17, n)); // 17 base-62 characters carry 101 bits
        Assert.Equal(nonces.Length, nonces.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_default_options_are_valid_and_broken_ones_say_why()
    {
        Assert.Null(new SiweOptions().Problem());
        Assert.Contains("Statement", new SiweOptions { Statement = "two\nlines" }.Problem());
        Assert.Contains("ChainId", new SiweOptions { ChainId = 0 }.Problem());
        Assert.Contains("Domain", new SiweOptions { Domain = "https://arena.example" }.Problem());
        Assert.Contains("Uri", new SiweOptions { Uri = "arena" }.Problem());
        Assert.Contains("NonceLifetime", new SiweOptions { NonceLifetime = TimeSpan.Zero }.Problem());
    }
}
