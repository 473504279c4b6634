using System.Text.RegularExpressions;

namespace Arena.Grains.Users;

/// <summary>Pure validation of account fields. Field names are the API's JSON names.</summary>
public static partial class AccountRules
{
    /// <summary>NIST SP 800-63B rev. 4: at least 15 characters (Unicode code points) for a password used alone.</summary>
    public const int MinPasswordLength = 15;
    public const int MaxPasswordLength = 128;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 64;
    public const int MaxAvatarUrlLength = 2048;

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,32}$")]
    private static partial Regex UsernamePattern();

    // Deliberately simple (one @, something on both sides, a dot in the domain): the mailbox is the real test.
    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static void CheckEmail(string? email, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(email)) errors.Add("email", "Email is required.");
        else if (email.Trim().Length > MaxEmailLength || !EmailPattern().IsMatch(email.Trim())) errors.Add("email", "Email is not a valid address.");
    }

    public static void CheckUsername(string? username, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(username)) errors.Add("username", "Username is required.");
        else if (!UsernamePattern().IsMatch(username)) errors.Add("username", "Username must be 3-32 characters: letters, digits, '_', '.' or '-'.");
    }

    /// <summary>What a sign-in needs before anything is looked up; nothing more, so the answer reveals nothing about accounts.</summary>
    /// <remarks>
    /// A login or password longer than any account can have is refused here, before it is used as a throttle key (a
    /// PostgreSQL index entry holds at most a few KiB, and no row should hold a megabyte of someone's typing).
    /// </remarks>
    public static void CheckSignIn(string? login, string? password, FieldErrors errors) =>
        errors.Require(!string.IsNullOrWhiteSpace(login), "login", "Login (email or username) is required.")
            .Require(login is null || login.Trim().Length <= MaxEmailLength, "login", $"Login is at most {MaxEmailLength} characters.")
            .Require(!string.IsNullOrEmpty(password), "password", "Password is required.")
            .Require(password is null || password.Length <= MaxPasswordLength, "password", $"Password is at most {MaxPasswordLength} characters.");

    /// <summary>What registration needs: a valid email, username and password.</summary>
    public static void CheckRegistration(string? email, string? username, string? password, FieldErrors errors)
    {
        CheckEmail(email, errors);
        CheckUsername(username, errors);
        CheckPassword(password, errors, context: [username, email]);
    }

    /// <summary>What a profile edit needs: a valid username, display name and avatar URL.</summary>
    public static void CheckProfile(string? username, string? displayName, string? avatarUrl, FieldErrors errors)
    {
        CheckUsername(username, errors);
        CheckDisplayName(displayName, errors);
        CheckAvatarUrl(avatarUrl, errors);
    }

    /// <summary>
    /// NIST SP 800-63B rev. 4 for a single-factor password: 15 to 128 characters, not on the list of common and breached
    /// passwords nor a simple variant of one or of <paramref name="context"/> (<see cref="CommonPasswords"/>), and no
    /// other composition rule (any characters, spaces included).
    /// </summary>
    public static void CheckPassword(string? password, FieldErrors errors, string field = "password", params IEnumerable<string?> context)
    {
        if (string.IsNullOrEmpty(password)) errors.Add(field, "Password is required.");
        else if (password.EnumerateRunes().Count() < MinPasswordLength) errors.Add(field, $"Password must be at least {MinPasswordLength} characters; a few unrelated words make a good one.");
        else if (password.Length > MaxPasswordLength) errors.Add(field, $"Password must be at most {MaxPasswordLength} characters.");
        else if (CommonPasswords.IsGuessable(password, context))
            errors.Add(field, "This password is too easy to guess: it is a common or breached password, a simple pattern, or built on your name or email. Choose another.");
    }

    public static void CheckDisplayName(string? displayName, FieldErrors errors)
    {
        if (displayName is not null && displayName.Trim().Length > MaxDisplayNameLength)
            errors.Add("displayName", $"Display name must be at most {MaxDisplayNameLength} characters.");
        TextRules.CheckPublicText(displayName, "displayName", errors);
    }

    public static void CheckAvatarUrl(string? avatarUrl, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(avatarUrl)) return;
        if (avatarUrl.Length > MaxAvatarUrlLength
            || !Uri.TryCreate(avatarUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            errors.Add("avatarUrl", "Avatar URL must be an absolute http(s) URL of at most 2048 characters.");
    }

    /// <summary>Blank optional text becomes null; other text is trimmed.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
