using Org.BouncyCastle.Math;

namespace Arena.Grains.Ethereum;

/// <summary>A recoverable secp256k1 signature as wallets return it: 65 bytes r ‖ s ‖ v, hex.</summary>
public sealed record EthereumSignature(BigInteger R, BigInteger S, int RecoveryId)
{
    public const int Length = 65;

    /// <summary>
    /// Parses "0x" + 130 hex digits (the prefix is optional). v is 27/28 (personal_sign) or 0/1
    /// (some hardware wallets); anything else, or any other length, is not a signature.
    /// </summary>
    public static bool TryParse(string? text, out EthereumSignature signature)
    {
        signature = null!;
        if (text is null) return false;
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (hex.Length != Length * 2 || !hex.All(char.IsAsciiHexDigit)) return false;
        var bytes = Convert.FromHexString(hex);
        int? recoveryId = bytes[64] switch
        {
            0 or 27 => 0,
            1 or 28 => 1,
            _ => null,
        };
        if (recoveryId is null) return false;
        signature = new EthereumSignature(new BigInteger(1, bytes, 0, 32), new BigInteger(1, bytes, 32, 32), recoveryId.Value);
        return true;
    }

    /// <summary>The 65-byte encoding with v = 27/28.</summary>
    public string ToHex()
    {
        var bytes = new byte[Length];
        Write(R, bytes.AsSpan(0, 32));
        Write(S, bytes.AsSpan(32, 32));
        bytes[64] = (byte)(27 + RecoveryId);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    private static void Write(BigInteger value, Span<byte> destination)
    {
        var magnitude = value.ToByteArrayUnsigned();
        if (magnitude.Length > destination.Length) throw new ArgumentOutOfRangeException(nameof(value));
        magnitude.CopyTo(destination[(destination.Length - magnitude.Length)..]);
    }
}
