namespace Arena.Grains.Ethereum;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign"): what a wallet signs when asked to sign a text message.
/// The prefix keeps a signed message from ever being a valid signed transaction.
/// </summary>
public static class PersonalSign
{
    /// <summary>keccak256("\x19Ethereum Signed Message:\n" + decimal UTF-8 byte length + message).</summary>
    public static byte[] Hash(string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var prefix = Encoding.ASCII.GetBytes("\u0019Ethereum Signed Message:\n" + body.Length.ToString(CultureInfo.InvariantCulture));
        return Keccak256.Hash([.. prefix, .. body]);
    }

    /// <summary>The lower-case address that signed <paramref name="message"/>, or null when the signature recovers no key.</summary>
    public static string? RecoverAddress(string message, EthereumSignature signature)
    {
        var publicKey = Secp256k1.RecoverPublicKey(Hash(message), signature.R, signature.S, signature.RecoveryId);
        return publicKey is null ? null : EthereumAddress.FromPublicKey(publicKey);
    }
}
