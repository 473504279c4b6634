using System.Buffers.Text;

namespace Arena.Grains.Common;

/// <summary>
/// The cursor of a newest-first list keyed by a v7 uuid (creation order): the last id returned, base64url. Opaque to
/// clients; rows inserted meanwhile get larger ids, so they never shift a page already read.
/// </summary>
public static class UuidCursor
{
    public static string After(Guid last) => Base64Url.EncodeToString(last.ToByteArray(bigEndian: true));

    public static bool TryRead(string cursor, out Guid id)
    {
        id = Guid.Empty;
        Span<byte> bytes = stackalloc byte[16];
        if (cursor.Length != 22 || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16) return false;
        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}
