namespace Arena.Grains.Auth.Ethereum;

/// <summary>Ethereum account addresses: parsing and the EIP-55 mixed-case checksum form.</summary>
public static class EthereumAddress
{
    /// <summary>Stub until wallet sign-in lands: returns the stored (lower-case) form.</summary>
    public static string ToChecksum(string address) => address;
}
