using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Arena.Grains.Common;

/// <summary>
/// UUID version 7 ids that increase strictly within this process, even inside one millisecond
/// (RFC 9562 §6.2, method 1: the 12-bit <c>rand_a</c> field is a counter, seeded at random in its lower
/// half each new millisecond). <see cref="Guid.CreateVersion7()"/> fills <c>rand_a</c> at random, so two ids
/// of one millisecond compare in random order; where the id is the feed order (user_notifications),
/// that would show two notifications of one burst out of order.
/// </summary>
public static class SequentialUuid
{
    private static readonly Lock Gate = new();
    private static long lastMillisecond = -1;
    private static int counter;

    public static Guid Next(DateTimeOffset at)
    {
        long millisecond;
        int sequence;
        lock (Gate)
        {
            millisecond = Math.Max(at.ToUnixTimeMilliseconds(), lastMillisecond);
            if (millisecond != lastMillisecond) counter = Random.Shared.Next(0x800);
            else if (counter < 0xFFF) counter++;
            else
            {
                // 2048+ ids in one millisecond: borrow the next one rather than repeat or wrap.
                millisecond++;
                counter = 0;
            }
            lastMillisecond = millisecond;
            sequence = counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, millisecond << 16);
        bytes[6] = (byte)(0x70 | (sequence >> 8));
        bytes[7] = (byte)sequence;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
