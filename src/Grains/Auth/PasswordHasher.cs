using System.Security.Cryptography;

namespace Arena.Grains.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a 16-byte random salt and a 32-byte key, stored as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;key&gt;</c> (base64), so the iteration count can rise
/// later and old hashes still verify (and are re-hashed at the next sign-in).
/// </summary>
public sealed class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private readonly int iterations;
    private readonly Lazy<string> decoy;

    public PasswordHasher(IOptions<AuthOptions> options)
    {
        iterations = options.Value.PasswordIterations;
        if (iterations < AuthOptions.MinimumPasswordIterations)
            throw new InvalidOperationException($"Arena:Auth:PasswordIterations must be at least {AuthOptions.MinimumPasswordIterations} (OWASP).");
        decoy = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    public int Iterations => iterations;

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public bool Verify(string password, string? stored, out bool needsRehash)
    {
        needsRehash = false;
        if (stored is null)
        {
            // Same work as a real check, so "no such user" and "wrong password" take the same time.
            Verify(password, decoy.Value, out _);
            return false;
        }
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var storedIterations))
            return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, storedIterations, HashAlgorithmName.SHA256, expected.Length);
        var ok = CryptographicOperations.FixedTimeEquals(actual, expected);
        needsRehash = ok && storedIterations < iterations;
        return ok;
    }

    /// <summary>Verifies, and when the stored hash used fewer iterations than configured, hashes the password anew.</summary>
    public PasswordCheck Check(string password, string? stored) =>
        Verify(password, stored, out var needsRehash) ? new PasswordCheck(true, needsRehash ? Hash(password) : null) : new PasswordCheck(false, null);

    /// <summary>Runs a verification against a random hash; used when the account does not exist.</summary>
    public void SpendEquivalentTime(string password) => Verify(password, null, out _);
}

/// <summary>Whether a password matched, and the stronger hash to store in place of the old one, if one is due.</summary>
public sealed record PasswordCheck(bool Matches, string? Rehashed);
