namespace Arena.Tests.Features.Wallet;

/// <summary>
/// An EIP-4361 message laid out exactly as viem 2.x's <c>createSiweMessage</c> (viem/utils/siwe/createSiweMessage.ts,
/// read from viem 2.58.8) writes it, which the wagmi and RainbowKit SIWE adapters call: the header line, the EIP-55
/// address, a blank line, the statement and a newline only when there is one, then one more newline and URI, Version,
/// Chain ID, Nonce, Issued At; then only the optional fields given, each on its own line, and no trailing newline.
/// Times are JavaScript's <c>Date.toISOString()</c>: UTC with milliseconds. Built here by hand rather than with
/// Arena's own <c>SiweMessage.Format</c>, so the server is tested against the client's layout, not its own.
/// </summary>
public sealed record ViemSiweMessage(
    string Domain,
    string Address,
    string Uri,
    int ChainId,
    string Nonce,
    DateTimeOffset IssuedAt,
    string? Statement = null,
    DateTimeOffset? ExpirationTime = null,
    DateTimeOffset? NotBefore = null,
    string? RequestId = null,
    string[]? Resources = null)
{
    /// <summary>The message for the nonce served by GET /api/auth/wallet/nonce, issued now (the browser's clock) as viem defaults.</summary>
    public static ViemSiweMessage For(JsonNode nonce, TestWallet wallet) => new(
        nonce["domain"]!.GetValue<string>(), wallet.Address, nonce["uri"]!.GetValue<string>(), nonce["chainId"]!.GetValue<int>(),
        nonce["nonce"]!.GetValue<string>(), DateTimeOffset.UtcNow, nonce["statement"]!.GetValue<string>());

    public override string ToString()
    {
        var statement = string.IsNullOrEmpty(Statement) ? "" : $"{Statement}\n";
        var prefix = $"{Domain} wants you to sign in with your Ethereum account:\n{Address}\n\n{statement}";
        var suffix = $"URI: {Uri}\nVersion: 1\nChain ID: {ChainId}\nNonce: {Nonce}\nIssued At: {IsoString(IssuedAt)}";
        if (ExpirationTime is { } expires) suffix += $"\nExpiration Time: {IsoString(expires)}";
        if (NotBefore is { } notBefore) suffix += $"\nNot Before: {IsoString(notBefore)}";
        if (!string.IsNullOrEmpty(RequestId)) suffix += $"\nRequest ID: {RequestId}";
        if (Resources is not null) suffix += "\nResources:" + string.Concat(Resources.Select(r => $"\n- {r}"));
        return $"{prefix}\n{suffix}";
    }

    private static string IsoString(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
