using Arena.Grains.Common;

namespace Arena.Grains.Users;

/// <summary>
/// Limits of a user's UI state (opaque JSON per key, seed 000 <c>user_ui_state</c>): they bound what one user
/// can make the server hold in memory and in the database (100 × 16 KiB).
/// </summary>
public static class UiStateRules
{
    public const int MaxKeys = 100;
    public const int MaxKeyLength = 64;
    public const int MaxValueBytes = 16 * 1024;

    /// <summary>1–64 characters of A–Z a–z 0–9 _ . : - ; not "." or ".." (URLs would resolve those away).</summary>
    public static Rejection? CheckKey(string? key)
    {
        var errors = new FieldErrors();
        CheckKey(key, errors);
        return errors.Any ? errors.ToRejection() : null;
    }

    public static void CheckKey(string? key, FieldErrors errors)
    {
        var valid = !string.IsNullOrEmpty(key) && key.Length <= MaxKeyLength && key.All(IsKeyChar) && key is not "." and not "..";
        errors.Require(valid, "key", $"A key is 1 to {MaxKeyLength} characters of A-Z, a-z, 0-9, '_', '.', ':' and '-'.");
    }

    /// <summary>The value must parse as one JSON value of valid text and be at most 16 KiB as UTF-8.</summary>
    public static Rejection? CheckValue(string json)
    {
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > MaxValueBytes) return Rejection.TooLarge("value", $"A value is at most {MaxValueBytes} bytes of UTF-8; this one is {bytes}.");
        try
        {
            // Any JSON, but only text: a lone surrogate escape would be stored and handed back as something no client can decode.
            using var document = JsonDocument.Parse(json);
            var errors = new FieldErrors();
            return JsonStrings.CheckText(document.RootElement, "value", errors) ? null : errors.ToRejection();
        }
        catch (JsonException)
        {
            return Rejection.Invalid("value", "The value is not valid JSON.");
        }
    }

    /// <summary>A new key may be added while fewer than <see cref="MaxKeys"/> exist; replacing a key is always allowed.</summary>
    public static Rejection? CheckRoom(int count, bool exists) =>
        exists || count < MaxKeys ? null : Rejection.Conflict($"At most {MaxKeys} UI state keys per user; delete one first.", "key");

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-';
}
