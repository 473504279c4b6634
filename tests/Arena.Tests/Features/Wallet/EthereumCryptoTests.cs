using Arena.Grains.Ethereum;
using Org.BouncyCastle.Math;

namespace Arena.Tests.Features.Wallet;

public sealed class EthereumCryptoTests
{
    private const string KnownKey = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private const string KnownAddress = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

    [Fact]
    public void Keccak256_of_the_empty_input_is_the_ethereum_value_not_sha3()
    {
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Convert.ToHexStringLower(Keccak256.Hash([])));
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.IsSupported ? System.Security.Cryptography.SHA3_256.HashData([]) : new byte[32]),
            Convert.ToHexStringLower(Keccak256.Hash([])));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    public void Eip55_checksums_match_the_eip_test_vectors(string expected)
    {
        Assert.Equal(expected, EthereumAddress.ToChecksum(expected.ToLowerInvariant()));
        Assert.Equal(expected, EthereumAddress.ToChecksum(expected.ToUpperInvariant().Replace("0X", "0x")));
        Assert.True(EthereumAddress.TryNormalize(expected, out var stored));
        Assert.Equal(expected.ToLowerInvariant(), stored);
        Assert.True(EthereumAddress.IsChecksummed(expected));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // one letter's case flipped: a bad checksum
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b5aDb")] // the EIP vector with one digit changed (9 → 5)
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")] // 39 digits
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")] // no 0x
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")] // not hex
    [InlineData("0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData(" 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_addresses_and_wrong_checksums_are_refused(string? text) =>
        Assert.False(EthereumAddress.TryNormalize(text, out _));

    [Fact]
    public void Single_case_addresses_are_accepted_but_are_not_the_checksum_form()
    {
        Assert.True(EthereumAddress.TryNormalize("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", out var stored));
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", stored);
        Assert.False(EthereumAddress.IsChecksummed("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    }

    [Fact]
    public void The_well_known_private_key_has_the_well_known_address() =>
        Assert.Equal(KnownAddress, TestWallet.FromKey(KnownKey).Address);

    [Fact]
    public void Personal_sign_hash_and_signature_match_the_published_web3_example()
    {
        // web3.eth.accounts.sign('Some data', KnownKey): deterministic (RFC 6979), so byte-identical.
        Assert.Equal("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655", Convert.ToHexStringLower(PersonalSign.Hash("Some data")));
        const string published = "0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";
        Assert.Equal(published, TestWallet.FromKey(KnownKey).Sign("Some data"));
        Assert.True(EthereumSignature.TryParse(published, out var signature));
        Assert.Equal(KnownAddress.ToLowerInvariant(), PersonalSign.RecoverAddress("Some data", signature));
    }

    [Fact]
    public void Recovery_finds_the_signer_of_a_multibyte_message()
    {
        var wallet = TestWallet.Create();
        const string message = "Arena ✓ — sign in\nline two";
        Assert.True(EthereumSignature.TryParse(wallet.Sign(message), out var signature));
        Assert.Equal(wallet.Address.ToLowerInvariant(), PersonalSign.RecoverAddress(message, signature));
        Assert.NotEqual(wallet.Address.ToLowerInvariant(), PersonalSign.RecoverAddress(message + " ", signature));
    }

    [Fact]
    public void Both_v_conventions_and_an_optional_prefix_parse_to_the_same_signature()
    {
        var hex = TestWallet.Create().Sign("hello");
        Assert.True(EthereumSignature.TryParse(hex, out var with27));
        var raw = Convert.FromHexString(hex[2..]);
        raw[64] -= 27;
        Assert.True(EthereumSignature.TryParse(Convert.ToHexString(raw), out var with0));
        Assert.Equal(with27.R, with0.R);
        Assert.Equal(with27.S, with0.S);
        Assert.Equal(with27.RecoveryId, with0.RecoveryId);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(2)]
    [InlineData(37)]
    public void Other_v_values_are_not_signatures(byte v)
    {
        var raw = Convert.FromHexString(TestWallet.Create().Sign("hello")[2..]);
        raw[64] = v;
        Assert.False(EthereumSignature.TryParse(Convert.ToHexString(raw), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x1234")]
    [InlineData(null)]
    public void Wrong_lengths_and_non_hex_are_not_signatures(string? text)
    {
        Assert.False(EthereumSignature.TryParse(text, out _));
        Assert.False(EthereumSignature.TryParse(new string('z', 130), out _));
    }

    [Fact]
    public void A_high_s_signature_recovers_nothing_even_though_it_is_valid_ecdsa()
    {
        var wallet = TestWallet.Create();
        var malleated = TestWallet.Malleate(wallet.Sign("hello"));
        Assert.True(EthereumSignature.TryParse(malleated, out var signature));
        Assert.True(signature.S.CompareTo(Secp256k1.HalfN) > 0);
        Assert.Null(PersonalSign.RecoverAddress("hello", signature));
    }

    [Fact]
    public void R_or_s_outside_one_to_n_minus_one_recover_nothing()
    {
        var hash = PersonalSign.Hash("hello");
        var good = TestWallet.Create().SignHash(hash);
        Assert.NotNull(Secp256k1.RecoverPublicKey(hash, good.R, good.S, good.RecoveryId));
        Assert.Null(Secp256k1.RecoverPublicKey(hash, BigInteger.Zero, good.S, good.RecoveryId));
        Assert.Null(Secp256k1.RecoverPublicKey(hash, good.R, BigInteger.Zero, good.RecoveryId));
        Assert.Null(Secp256k1.RecoverPublicKey(hash, Secp256k1.N, good.S, good.RecoveryId));
        Assert.Null(Secp256k1.RecoverPublicKey(hash, good.R.Add(Secp256k1.N), good.S, good.RecoveryId));
        Assert.Null(Secp256k1.RecoverPublicKey(hash[..31], good.R, good.S, good.RecoveryId));
        Assert.Null(Secp256k1.RecoverPublicKey(hash, good.R, good.S, 2));
    }

    [Fact]
    public void An_r_that_is_no_curve_x_recovers_nothing()
    {
        var hash = PersonalSign.Hash("hello");
        // About half of all x values have no point; find one by walking from 1.
        var r = BigInteger.One;
        while (Secp256k1.RecoverPublicKey(hash, r, BigInteger.One, 0) is not null) r = r.Add(BigInteger.One);
        Assert.Null(Secp256k1.RecoverPublicKey(hash, r, BigInteger.One, 1));
    }
}
