using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Arena.Grains.Secrets;

/// <summary>
/// The silo's master key (<c>ARENA_MASTER_KEY</c>: base64 of 32 random bytes) and the AES-256-GCM
/// sealing done with it. The key is used as given (it is already uniformly random), so nothing is
/// derived per call; the raw bytes are wiped once the cipher holds them.
/// </summary>
public sealed class MasterKey : IDisposable
{
    public const string Variable = "ARENA_MASTER_KEY";
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    // A fixed label keeps the key id from being a plain hash of the key, and versions the scheme.
    private static readonly byte[] KeyIdLabel = "arena/master-key-id/v1\n"u8.ToArray();

    // AesGcm instances are not safe for concurrent use; sealing is microseconds and rare, so one lock is enough.
    private readonly Lock gate = new();
    private readonly AesGcm aes;

    private MasterKey(byte[] key)
    {
        aes = new AesGcm(key, TagSize);
        KeyId = ComputeKeyId(key);
    }

    /// <summary>
    /// A short, non-secret name for this key (8 hex chars of SHA-256 over a label and the key), stored with
    /// each ciphertext so a changed master key is detected instead of surfacing as a failed decryption.
    /// </summary>
    public string KeyId { get; }

    /// <summary>The configured key; null when <c>ARENA_MASTER_KEY</c> is unset or blank.</summary>
    /// <exception cref="InvalidOperationException">The variable is set but is not base64 of exactly 32 bytes.</exception>
    public static MasterKey? FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[Variable];
        return string.IsNullOrWhiteSpace(value) ? null : Parse(value);
    }

    /// <exception cref="InvalidOperationException">Not base64 of exactly 32 bytes (the message never contains the value).</exception>
    public static MasterKey Parse(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Variable} is not valid base64. It must be the base64 encoding of exactly {KeySize} random bytes; generate one with `openssl rand -base64 32`.");
        }
        try
        {
            if (key.Length != KeySize)
                throw new InvalidOperationException($"{Variable} decodes to {key.Length} bytes; AES-256 needs exactly {KeySize}. Generate one with `openssl rand -base64 32`.");
            return new MasterKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Encrypts with a fresh random 96-bit nonce; returns <c>nonce || ciphertext || tag</c>. Random nonces
    /// are safe far beyond the number of secrets an arena stores (the NIST bound is 2^32 per key).
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (gate)
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    /// <summary>Decrypts what <see cref="Seal"/> produced under the same key and associated data.</summary>
    /// <exception cref="CryptographicException">Altered bytes, other associated data or another key.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedSecret, ReadOnlySpan<byte> associatedData)
    {
        if (sealedSecret.Length < NonceSize + TagSize) throw new CryptographicException("The sealed secret is too short.");
        var plaintext = new byte[sealedSecret.Length - NonceSize - TagSize];
        lock (gate)
            aes.Decrypt(sealedSecret[..NonceSize], sealedSecret.Slice(NonceSize, plaintext.Length), sealedSecret[^TagSize..], plaintext, associatedData);
        return plaintext;
    }

    public void Dispose() => aes.Dispose();

    private static string ComputeKeyId(byte[] key)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(KeyIdLabel);
        sha.AppendData(key);
        return Convert.ToHexStringLower(sha.GetHashAndReset(), 0, 4);
    }
}
