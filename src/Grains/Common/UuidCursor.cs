using System.Buffers.Text;

namespace Arena.Grains.Common;

/// <summary>
/// The cursor of a newest-first list keyed by uuid v7 ids (creation order): base64url of "<c>scope:id</c>", opaque to
/// clients, so a cursor of one list handed to another is refused (the uuid counterpart of <see cref="PageRequest"/>).
/// </summary>
public static class UuidCursor
{
    public static string Encode(string scope, Guid last) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(scope + ":" + last.ToString("N")));

    public static Guid? Decode(string scope, string cursor)
    {
        if (cursor.Length > 128 || !Base64Url.IsValid(cursor)) return null;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        var prefix = scope + ":";
        return text.StartsWith(prefix, StringComparison.Ordinal) && text.Length == prefix.Length + 32
            && Guid.TryParseExact(text.AsSpan(prefix.Length), "N", out var id) ? id : null;
    }
}
