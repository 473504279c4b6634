using System.Security.Cryptography;
using Arena.Grains.Secrets;
using Microsoft.Extensions.Configuration;

namespace Arena.Tests.Providers;

/// <summary>AES-256-GCM sealing under the master key (no database).</summary>
public sealed class MasterKeyTests
{
    private static readonly byte[] RowA = CredentialVault.AssociatedData(Guid.Parse("0196a8a0-0000-7000-8000-00000000000a"));
    private static readonly byte[] RowB = CredentialVault.AssociatedData(Guid.Parse("0196a8a0-0000-7000-8000-00000000000b"));
    private static readonly byte[] Secret = "sk-test-0123456789abcdefghijklmnop"u8.ToArray();

    private static MasterKey NewKey() => MasterKey.Parse(VaultArena.NewMasterKey());

    [Fact]
    public void A_sealed_secret_opens_to_the_same_bytes()
    {
        using var key = NewKey();
        var sealedSecret = key.Seal(Secret, RowA);
        Assert.Equal(MasterKey.NonceSize + Secret.Length + MasterKey.TagSize, sealedSecret.Length);
        Assert.Equal(Secret, key.Open(sealedSecret, RowA));
    }

    [Fact]
    public void Flipping_any_byte_makes_opening_fail()
    {
        using var key = NewKey();
        var sealedSecret = key.Seal(Secret, RowA);
        foreach (var index in new[] { 0, MasterKey.NonceSize, MasterKey.NonceSize + Secret.Length / 2, sealedSecret.Length - 1 })
        {
            var tampered = sealedSecret.ToArray();
            tampered[index] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => key.Open(tampered, RowA));
        }
        Assert.ThrowsAny<CryptographicException>(() => key.Open(sealedSecret[..^1], RowA));
    }

    [Fact]
    public void A_secret_sealed_for_one_row_does_not_open_for_another()
    {
        using var key = NewKey();
        var sealedSecret = key.Seal(Secret, RowA);
        Assert.ThrowsAny<CryptographicException>(() => key.Open(sealedSecret, RowB));
    }

    [Fact]
    public void Another_master_key_cannot_open_the_secret_and_has_another_key_id()
    {
        using var key = NewKey();
        using var other = NewKey();
        var sealedSecret = key.Seal(Secret, RowA);
        Assert.ThrowsAny<CryptographicException>(() => other.Open(sealedSecret, RowA));
        Assert.NotEqual(key.KeyId, other.KeyId);
    }

    [Fact]
    public void Every_seal_uses_a_fresh_nonce()
    {
        using var key = NewKey();
        var nonces = Enumerable.Range(0, 1000).Select(_ => Convert.ToHexString(key.Seal(Secret, RowA), 0, MasterKey.NonceSize)).ToHashSet();
        Assert.Equal(1000, nonces.Count);
        Assert.NotEqual(key.Seal(Secret, RowA), key.Seal(Secret, RowA));
    }

    [Fact]
    public void The_sealed_bytes_do_not_contain_the_plaintext()
    {
        using var key = NewKey();
        var sealedSecret = key.Seal(Secret, RowA);
        Assert.Equal(-1, sealedSecret.AsSpan().IndexOf(Secret));
        Assert.Equal(-1, sealedSecret.AsSpan().IndexOf(Secret.AsSpan(0, 8)));
    }

    [Fact]
    public void The_key_id_is_short_stable_and_not_a_prefix_of_the_key()
    {
        var text = VaultArena.NewMasterKey();
        using var first = MasterKey.Parse(text);
        using var second = MasterKey.Parse(text);
        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Matches("^[0-9a-f]{8}$", first.KeyId);
        Assert.DoesNotContain(first.KeyId, Convert.ToHexStringLower(Convert.FromBase64String(text)));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_key_of_the_wrong_length_is_refused_without_echoing_it(int length)
    {
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));
        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.Parse(text));
        Assert.Contains(MasterKey.Variable, error.Message);
        Assert.Contains("32", error.Message);
        Assert.DoesNotContain(text, error.Message);
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused_and_an_unset_one_means_no_vault()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.Parse("not base64 at all!"));
        Assert.Contains("openssl rand -base64 32", error.Message);
        Assert.DoesNotContain("not base64 at all!", error.Message);

        var unset = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [MasterKey.Variable] = " " }).Build();
        Assert.Null(MasterKey.FromConfiguration(unset));
    }
}
