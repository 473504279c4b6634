using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Arena.Grains.Ethereum;

namespace Arena.Grains.Auth.Wallet;

/// <summary>
/// A Sign-In with Ethereum (EIP-4361) message: the text a wallet shows and signs. <see cref="Format"/>
/// writes the canonical form; <see cref="TryParse"/> accepts only text that follows the EIP's ABNF
/// line by line (LF line ends, fields in order, the address in EIP-55 form, no trailing line). The
/// optional "scheme://" before the domain is not accepted: Arena never issues it.
/// </summary>
public sealed partial record SiweMessage(
    string Domain,
    string Address,
    string? Statement,
    string Uri,
    int ChainId,
    string Nonce,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpirationTime = null,
    DateTimeOffset? NotBefore = null,
    string? RequestId = null,
    IReadOnlyList<string>? Resources = null)
{
    public const string Version = "1";
    public const int MinNonceLength = 8;

    /// <summary>Longer text is refused before parsing; Arena's own messages are a few hundred characters.</summary>
    public const int MaxLength = 4096;

    // 22 characters from 62: log2(62) * 22 ≈ 131 bits from the OS CSPRNG (EIP-4361 asks for at least 64).
    private const int NonceLength = 22;
    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Preamble = " wants you to sign in with your Ethereum account:";

    [GeneratedRegex(@"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::[0-9]{1,5})?$")]
    private static partial Regex DomainPattern();

    // statement = *( reserved / unreserved / " " ): one line of URI characters and spaces.
    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;= ]+$")]
    private static partial Regex StatementPattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-._~%!$&'()*+,;=:@]*$")]
    private static partial Regex RequestIdPattern();

    // RFC 3339 date-time (upper-case T and Z).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampPattern();

    public static string NewNonce() => RandomNumberGenerator.GetString(NonceAlphabet, NonceLength);

    public static bool IsValidDomain(string? value) => value is not null && DomainPattern().IsMatch(value);

    public static bool IsValidStatement(string? value) => value is not null && StatementPattern().IsMatch(value);

    // RFC 3986 absolute URI: a scheme first (System.Uri alone would take "/path" as a file URI on Unix).
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:[\x21-\x7e]*$")]
    private static partial Regex UriPattern();

    public static bool IsValidUri(string? value) =>
        value is not null && UriPattern().IsMatch(value) && System.Uri.TryCreate(value, UriKind.Absolute, out _);

    public static bool IsValidNonce(string? value) =>
        value is { Length: >= MinNonceLength } && value.All(char.IsAsciiLetterOrDigit);

    public string Format()
    {
        var text = new StringBuilder()
            .Append(Domain).Append(Preamble).Append('\n')
            .Append(Address).Append('\n')
            .Append('\n');
        if (Statement is not null) text.Append(Statement).Append('\n');
        text.Append('\n')
            .Append("URI: ").Append(Uri).Append('\n')
            .Append("Version: ").Append(Version).Append('\n')
            .Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("Nonce: ").Append(Nonce).Append('\n')
            .Append("Issued At: ").Append(FormatTime(IssuedAt));
        if (ExpirationTime is { } expires) text.Append("\nExpiration Time: ").Append(FormatTime(expires));
        if (NotBefore is { } notBefore) text.Append("\nNot Before: ").Append(FormatTime(notBefore));
        if (RequestId is not null) text.Append("\nRequest ID: ").Append(RequestId);
        if (Resources is not null)
        {
            text.Append("\nResources:");
            foreach (var resource in Resources) text.Append("\n- ").Append(resource);
        }
        return text.ToString();
    }

    /// <summary>RFC 3339 in UTC with milliseconds, the form Arena issues.</summary>
    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The message, or null when <paramref name="text"/> is not an EIP-4361 message.</summary>
    public static SiweMessage? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Contains('\r')) return null;
        var lines = new Lines(text.Split('\n'));

        var first = lines.Next();
        if (first is null || !first.EndsWith(Preamble, StringComparison.Ordinal)) return null;
        var domain = first[..^Preamble.Length];
        var address = lines.Next();
        if (!IsValidDomain(domain) || !EthereumAddress.IsChecksummed(address) || lines.Next() != "") return null;

        string? statement = null;
        if (lines.Peek() != "")
        {
            statement = lines.Next();
            if (!IsValidStatement(statement)) return null;
        }
        if (lines.Next() != "") return null;

        if (!lines.Take("URI: ", out var uri) || !IsValidUri(uri)) return null;
        if (!lines.Take("Version: ", out var version) || version != Version) return null;
        if (!lines.Take("Chain ID: ", out var chainText) || !TryParseChainId(chainText, out var chainId)) return null;
        if (!lines.Take("Nonce: ", out var nonce) || !IsValidNonce(nonce)) return null;
        if (!lines.Take("Issued At: ", out var issuedText) || ParseTime(issuedText) is not { } issuedAt) return null;

        DateTimeOffset? expirationTime = null, notBefore = null;
        if (lines.Take("Expiration Time: ", out var expiresText) && (expirationTime = ParseTime(expiresText)) is null) return null;
        if (lines.Take("Not Before: ", out var notBeforeText) && (notBefore = ParseTime(notBeforeText)) is null) return null;
        string? requestId = null;
        if (lines.Take("Request ID: ", out var requestText))
        {
            if (!RequestIdPattern().IsMatch(requestText)) return null;
            requestId = requestText;
        }
        List<string>? resources = null;
        if (lines.Peek() == "Resources:")
        {
            lines.Next();
            resources = [];
            while (lines.Take("- ", out var resource))
            {
                if (!IsValidUri(resource)) return null;
                resources.Add(resource);
            }
        }
        if (!lines.AtEnd) return null;

        return new SiweMessage(domain, address!, statement, uri, chainId, nonce, issuedAt, expirationTime, notBefore, requestId, resources);
    }

    // chain-id = 1*DIGIT; only the canonical decimal form (no sign, no leading zeros), 1 or more.
    private static bool TryParseChainId(string text, out int chainId) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId)
        && chainId >= 1
        && chainId.ToString(CultureInfo.InvariantCulture) == text;

    private static DateTimeOffset? ParseTime(string text) =>
        TimestampPattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;

    private sealed class Lines(string[] lines)
    {
        private int next;

        public bool AtEnd => next == lines.Length;

        public string? Peek() => next < lines.Length ? lines[next] : null;

        public string? Next() => next < lines.Length ? lines[next++] : null;

        /// <summary>Consumes the next line if it starts with <paramref name="prefix"/>.</summary>
        public bool Take(string prefix, out string value)
        {
            value = "";
            if (Peek() is not { } line || !line.StartsWith(prefix, StringComparison.Ordinal)) return false;
            value = line[prefix.Length..];
            next++;
            return true;
        }
    }
}
