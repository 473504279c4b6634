using Arena.Grains.Ethereum;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace Arena.Tests.Features.Wallet;

/// <summary>
/// A wallet for tests: signs like personal_sign does (RFC 6979 deterministic ECDSA over the EIP-191
/// hash, low s, v = 27/28). Production code never signs; this is how tests get real signatures.
/// </summary>
public sealed class TestWallet
{
    private readonly BigInteger privateKey;
    private readonly byte[] publicKey;

    private TestWallet(BigInteger privateKey)
    {
        this.privateKey = privateKey;
        publicKey = Secp256k1.Domain.G.Multiply(privateKey).Normalize().GetEncoded(false)[1..];
        Address = EthereumAddress.ToChecksum(EthereumAddress.FromPublicKey(publicKey));
    }

    /// <summary>The EIP-55 form.</summary>
    public string Address { get; }

    public static TestWallet FromKey(string hex) => new(new BigInteger(1, Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex)));

    public static TestWallet Create()
    {
        while (true)
        {
            var key = new BigInteger(1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            if (key.SignValue > 0 && key.CompareTo(Secp256k1.N) < 0) return new TestWallet(key);
        }
    }

    /// <summary>personal_sign: 0x + r ‖ s ‖ v.</summary>
    public string Sign(string message) => SignHash(PersonalSign.Hash(message)).ToHex();

    public EthereumSignature SignHash(byte[] hash)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(privateKey, Secp256k1.Domain));
        var rs = signer.GenerateSignature(hash);
        var (r, s) = (rs[0], rs[1]);
        if (s.CompareTo(Secp256k1.HalfN) > 0) s = Secp256k1.N.Subtract(s);
        for (var recoveryId = 0; recoveryId < 2; recoveryId++)
        {
            if (Secp256k1.RecoverPublicKey(hash, r, s, recoveryId) is { } recovered && recovered.AsSpan().SequenceEqual(publicKey))
                return new EthereumSignature(r, s, recoveryId);
        }
        throw new InvalidOperationException("No recovery id reproduces the public key.");
    }

    /// <summary>The same signature with s replaced by n − s and v flipped: valid ECDSA, forbidden by EIP-2.</summary>
    public static string Malleate(string signatureHex)
    {
        Assert.True(EthereumSignature.TryParse(signatureHex, out var signature));
        return new EthereumSignature(signature.R, Secp256k1.N.Subtract(signature.S), 1 - signature.RecoveryId).ToHex();
    }
}
