using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Arena.Grains.Ethereum;

/// <summary>
/// secp256k1 public-key recovery (SEC 1 v2, section 4.1.6), the "ecrecover" Ethereum uses to learn who
/// signed a message. Verification only: Arena never holds a wallet key.
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Parameters = SecNamedCurves.GetByName("secp256k1");

    public static ECDomainParameters Domain { get; } = new(Parameters.Curve, Parameters.G, Parameters.N, Parameters.H);

    /// <summary>The group order n.</summary>
    public static BigInteger N => Domain.N;

    /// <summary>n / 2: EIP-2 allows only s ≤ n/2, so each signature has exactly one valid encoding.</summary>
    public static BigInteger HalfN { get; } = Parameters.N.ShiftRight(1);

    /// <summary>
    /// The 64-byte public key (X ‖ Y, no 0x04 prefix) that produced (r, s) over <paramref name="hash"/>,
    /// or null when no key can have: r or s outside [1, n-1], s above n/2, or no curve point with x = r.
    /// </summary>
    public static byte[]? RecoverPublicKey(ReadOnlySpan<byte> hash, BigInteger r, BigInteger s, int recoveryId)
    {
        if (hash.Length != Keccak256.Size || recoveryId is not (0 or 1)) return null;
        if (!InRange(r) || !InRange(s) || s.CompareTo(HalfN) > 0) return null;

        // R = (x, y) with x = r (recovery ids 2 and 3, x = r + n, are never produced in practice and
        // Ethereum's v cannot express them) and y's parity given by the recovery id.
        var compressed = new byte[33];
        compressed[0] = (byte)(recoveryId == 0 ? 0x02 : 0x03);
        var x = r.ToByteArrayUnsigned();
        x.CopyTo(compressed, 33 - x.Length);
        ECPoint point;
        try
        {
            point = Domain.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null; // r is not the x of any curve point
        }

        // Q = r⁻¹ (s·R − e·G); the hash is exactly the order's bit length, so e needs no truncation.
        var e = new BigInteger(1, hash.ToArray());
        var rInverse = r.ModInverse(N);
        var minusE = e.Negate().Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, minusE.Multiply(rInverse).Mod(N), point, s.Multiply(rInverse).Mod(N)).Normalize();
        if (q.IsInfinity) return null;
        return q.GetEncoded(false)[1..];
    }

    private static bool InRange(BigInteger value) => value.SignValue > 0 && value.CompareTo(N) < 0;
}
