using Arena.Grains.Common;
using Arena.Grains.Providers;

namespace Arena.Tests.Providers;

/// <summary>Where provider requests may go (SSRF guard), without a database.</summary>
public sealed class ProviderNetworkTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressScope.Public)]
    [InlineData("2606:4700:4700::1111", AddressScope.Public)]
    [InlineData("127.0.0.1", AddressScope.Private)]
    [InlineData("10.1.2.3", AddressScope.Private)]
    [InlineData("172.16.0.1", AddressScope.Private)]
    [InlineData("172.32.0.1", AddressScope.Public)]
    [InlineData("192.168.1.10", AddressScope.Private)]
    [InlineData("100.64.0.1", AddressScope.Private)]
    [InlineData("::1", AddressScope.Private)]
    [InlineData("fd12:3456::1", AddressScope.Private)]
    [InlineData("169.254.169.254", AddressScope.Forbidden)]
    [InlineData("::ffff:169.254.169.254", AddressScope.Forbidden)]
    [InlineData("100.100.100.200", AddressScope.Forbidden)]
    [InlineData("fd00:ec2::254", AddressScope.Forbidden)]
    [InlineData("fe80::1", AddressScope.Forbidden)]
    [InlineData("0.0.0.0", AddressScope.Forbidden)]
    [InlineData("::", AddressScope.Forbidden)]
    [InlineData("224.0.0.1", AddressScope.Forbidden)]
    [InlineData("255.255.255.255", AddressScope.Forbidden)]
    public void Addresses_are_classified_by_network(string address, AddressScope scope) =>
        Assert.Equal(scope, ProviderNetwork.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/", "https://generativelanguage.googleapis.com/v1beta/openai")]
    [InlineData(" http://localhost:11434/v1 ", "http://localhost:11434/v1")]
    [InlineData("http://[::1]:8000/v1", "http://[::1]:8000/v1")]
    public void Good_base_urls_are_normalized(string input, string expected)
    {
        Assert.Equal(expected, ProviderNetwork.NormalizeBaseUrl(input, allowPrivateNetworks: true, out var error));
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("api.openai.com/v1")]
    [InlineData("ftp://api.openai.com/v1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:sk-secret@api.openai.com/v1")]
    [InlineData("https://api.openai.com/v1?key=sk-secret")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://2852039166/")]
    [InlineData("http://[fe80::1]/v1")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1")]
    [InlineData("")]
    public void Bad_or_metadata_base_urls_are_refused_even_when_private_networks_are_allowed(string input)
    {
        Assert.Null(ProviderNetwork.NormalizeBaseUrl(input, allowPrivateNetworks: true, out var error));
        Assert.NotEmpty(error);
        Assert.DoesNotContain("sk-secret", error);
    }

    [Theory]
    [InlineData("http://127.0.0.1:11434/v1")]
    [InlineData("http://localhost:8000/v1")]
    [InlineData("http://192.168.0.20/v1")]
    public void Private_base_urls_are_refused_when_the_setting_forbids_them(string input)
    {
        Assert.Null(ProviderNetwork.NormalizeBaseUrl(input, allowPrivateNetworks: false, out var error));
        Assert.Contains("AllowPrivateNetworks", error);

        var errors = new FieldErrors();
        Assert.Null(ProviderValidation.Check("local", new ProviderInput("Local", ProviderSettings.OpenAiCompatibleKind, BaseUrl: input, Model: "m"), false, errors));
        Assert.Equal(["baseUrl"], errors.ToDictionary().Keys);
    }

    [Fact]
    public async Task Connecting_to_a_metadata_address_is_refused_before_any_packet_is_sent()
    {
        await Assert.ThrowsAsync<ProviderAddressRefusedException>(async () =>
            await ProviderNetwork.ConnectAsync(new DnsEndPoint("169.254.169.254", 80), allowPrivateNetworks: true, CancellationToken.None));
        await Assert.ThrowsAsync<ProviderAddressRefusedException>(async () =>
            await ProviderNetwork.ConnectAsync(new DnsEndPoint("127.0.0.1", 80), allowPrivateNetworks: false, CancellationToken.None));
    }
}
