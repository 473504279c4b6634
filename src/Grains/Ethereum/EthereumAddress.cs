namespace Arena.Grains.Ethereum;

/// <summary>
/// Ethereum account addresses: "0x" + 40 hex digits. Stored lower-case; shown in the EIP-55 mixed-case
/// checksum form, whose letter cases encode a hash of the address so a mistyped one is caught.
/// </summary>
public static class EthereumAddress
{
    /// <summary>
    /// Accepts all-lower-case, all-upper-case, or a mixed-case form with a valid EIP-55 checksum
    /// (mixed case is a claim of a checksum, so a wrong one is rejected). Returns the lower-case form.
    /// </summary>
    public static bool TryNormalize(string? text, out string address)
    {
        address = "";
        if (text is not { Length: 42 } || !text.StartsWith("0x", StringComparison.Ordinal)) return false;
        var hex = text.AsSpan(2);
        foreach (var c in hex)
            if (!char.IsAsciiHexDigit(c)) return false;
        var lower = "0x" + hex.ToString().ToLowerInvariant();
        var hasLower = hex.ContainsAny("abcdef");
        var hasUpper = hex.ContainsAny("ABCDEF");
        if (hasLower && hasUpper && !string.Equals(ToChecksum(lower), text, StringComparison.Ordinal)) return false;
        address = lower;
        return true;
    }

    /// <summary>True when <paramref name="text"/> is exactly the EIP-55 form (what SIWE messages must carry).</summary>
    public static bool IsChecksummed(string? text) =>
        TryNormalize(text, out var lower) && string.Equals(ToChecksum(lower), text, StringComparison.Ordinal);

    /// <summary>
    /// EIP-55: hash the lower-case hex digits (as ASCII, without "0x") with Keccak-256; a letter is
    /// upper-cased when the matching nibble of the hash is 8 or more.
    /// </summary>
    public static string ToChecksum(string address)
    {
        if (!address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || address.Length != 42)
            throw new ArgumentException("Not an Ethereum address.", nameof(address));
        var hex = address[2..].ToLowerInvariant();
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes(hex));
        var result = new char[42];
        result[0] = '0';
        result[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            result[i + 2] = nibble >= 8 ? char.ToUpperInvariant(hex[i]) : hex[i];
        }
        return new string(result);
    }

    /// <summary>The (lower-case) address of a 64-byte uncompressed public key X ‖ Y: the last 20 bytes of its Keccak-256.</summary>
    public static string FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 64) throw new ArgumentException("Expected a 64-byte uncompressed public key without its prefix.", nameof(publicKey));
        return "0x" + Convert.ToHexStringLower(Keccak256.Hash(publicKey)[12..]);
    }
}
