using Arena.Grains.Ethereum;

namespace Arena.Grains.Auth.Wallet;

/// <summary>What a wallet request must be before anything is looked up or verified. Field names are the API's JSON names.</summary>
public static class WalletRules
{
    public const string AddressRule = "Address must be 0x and 40 hex digits; mixed case only with a valid EIP-55 checksum.";

    /// <summary>The address normalized (lower case), or null with its error added.</summary>
    public static string? CheckAddress(string? address, FieldErrors errors)
    {
        if (EthereumAddress.TryNormalize(address, out var normalized)) return normalized;
        errors.Add("address", AddressRule);
        return null;
    }

    /// <summary>The parsed signature when both parts of the proof are present and the signature is well formed; otherwise null with the errors added.</summary>
    public static EthereumSignature? CheckProof(string? message, string? signature, FieldErrors errors)
    {
        errors.Require(!string.IsNullOrEmpty(message), "message", "Message is required: the challenge text exactly as signed.")
            .Require(!string.IsNullOrEmpty(signature), "signature", "Signature is required.");
        if (string.IsNullOrEmpty(message) || string.IsNullOrEmpty(signature)) return null;
        if (EthereumSignature.TryParse(signature, out var parsed)) return parsed;
        errors.Add("signature", "Signature must be 65 bytes of hex (r, s, v) with v = 27, 28, 0 or 1.");
        return null;
    }
}
