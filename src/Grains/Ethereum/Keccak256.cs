using Org.BouncyCastle.Crypto.Digests;

namespace Arena.Grains.Ethereum;

/// <summary>
/// Keccak-256 as Ethereum uses it: the original Keccak padding, not NIST SHA3-256 (which differs in
/// its padding byte and so in every output).
/// </summary>
public static class Keccak256
{
    public const int Size = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        // Portable.BouncyCastle takes arrays; the inputs here are short messages and keys.
        var input = data.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[Size];
        digest.DoFinal(output, 0);
        return output;
    }
}
