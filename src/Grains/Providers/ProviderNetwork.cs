using System.Net;
using System.Net.Sockets;

namespace Arena.Grains.Providers;

public enum AddressScope { Public, Private, Forbidden }

/// <summary>
/// Where provider requests may go (SSRF guard). A base URL is checked when it is saved, and every
/// connection is checked again against the addresses DNS returned at connect time, so a host name
/// that later resolves to a metadata endpoint (DNS rebinding) is refused too.
/// </summary>
public static class ProviderNetwork
{
    // Cloud instance-metadata names; their addresses are link-local (refused below) on most clouds.
    private static readonly string[] MetadataHosts = ["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"];

    // Metadata endpoints that sit inside ranges otherwise treated as private.
    private static readonly IPAddress[] MetadataAddresses = [IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254")];

    public static AddressScope Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (MetadataAddresses.Contains(address)) return AddressScope.Forbidden;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or >= 224 => AddressScope.Forbidden,                     // "this network", multicast, reserved, broadcast
                169 when b[1] == 254 => AddressScope.Forbidden,            // link-local, 169.254.169.254 metadata
                127 or 10 => AddressScope.Private,
                172 when b[1] is >= 16 and <= 31 => AddressScope.Private,
                192 when b[1] == 168 => AddressScope.Private,
                100 when b[1] is >= 64 and <= 127 => AddressScope.Private, // carrier-grade NAT
                _ => AddressScope.Public,
            };
        }
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6Multicast || address.IsIPv6SiteLocal)
            return AddressScope.Forbidden;
        if (address.Equals(IPAddress.IPv6Loopback) || address.IsIPv6UniqueLocal) return AddressScope.Private;
        return AddressScope.Public;
    }

    public static bool IsAllowed(IPAddress address, bool allowPrivateNetworks) => Classify(address) switch
    {
        AddressScope.Public => true,
        AddressScope.Private => allowPrivateNetworks,
        _ => false,
    };

    /// <summary>
    /// Checks a provider base URL and returns it normalized (no trailing slash), or null with a reason.
    /// Host names are checked for what can be known without DNS; the connect-time check does the rest.
    /// </summary>
    public static string? NormalizeBaseUrl(string? value, bool allowPrivateNetworks, out string error)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            error = "Base URL must be an absolute http(s) URL, e.g. https://api.openai.com/v1.";
            return null;
        }
        var scope = HostScope(uri);
        error = uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
                ? "Base URL must not carry user info, a query or a fragment (store API keys as credentials)."
            : scope == AddressScope.Forbidden ? "Base URL points at a link-local or cloud metadata address, which is never allowed."
            : scope == AddressScope.Private && !allowPrivateNetworks
                ? "Base URL points at a loopback or private network address, which Arena:Providers:AllowPrivateNetworks does not allow."
            : "";
        return error.Length > 0 ? null : uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>
    /// The connection step of the providers' HTTP handler: resolves the host, drops every address the
    /// policy refuses, and connects to the first remaining one.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => IsAllowed(a, allowPrivateNetworks)).ToArray();
        if (allowed.Length == 0) throw new ProviderAddressRefusedException(endPoint.Host);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static AddressScope HostScope(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (MetadataHosts.Contains(host)) return AddressScope.Forbidden;
        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)) return AddressScope.Private;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) ? Classify(address) : AddressScope.Public;
    }
}

/// <summary>Every address of a provider host is on a network the policy refuses.</summary>
public sealed class ProviderAddressRefusedException(string host)
    : IOException($"The provider host '{host}' resolves only to addresses Arena refuses (link-local/metadata, or private while Arena:Providers:AllowPrivateNetworks is false).");
