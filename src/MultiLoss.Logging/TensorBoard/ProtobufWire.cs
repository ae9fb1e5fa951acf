using System;
using System.Buffers.Binary;

namespace MultiLoss.Logging.TensorBoard;

/// <summary>
/// The few pieces of the protocol-buffer wire format an event needs: field keys (field number and wire type in one
/// varint), base-128 varints, little-endian fixed-width numbers.
/// </summary>
internal static class ProtobufWire
{
    /// <summary>The wire type of int32, int64, uint64, bool and enum fields.</summary>
    public const int VarintType = 0;

    /// <summary>The wire type of double and fixed64 fields.</summary>
    public const int Fixed64Type = 1;

    /// <summary>The wire type of strings, bytes and embedded messages: a varint length, then the bytes.</summary>
    public const int LengthDelimitedType = 2;

    /// <summary>The wire type of float and fixed32 fields.</summary>
    public const int Fixed32Type = 5;

    /// <summary>The key of a field: its number shifted left by three bits, or'ed with its wire type. Every key here fits one byte.</summary>
    public static byte Key(int fieldNumber, int wireType) => checked((byte)((fieldNumber << 3) | wireType));

    /// <summary>How many bytes <see cref="WriteVarint"/> writes for <paramref name="value"/> (1 to 10).</summary>
    public static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    /// <summary>Writes <paramref name="value"/> seven bits per byte, low bits first, the high bit set on every byte but the last; returns the bytes written.</summary>
    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes a double as 8 little-endian bytes; returns 8.</summary>
    public static int WriteDouble(Span<byte> destination, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
        return sizeof(double);
    }

    /// <summary>Writes a float as 4 little-endian bytes; returns 4.</summary>
    public static int WriteFloat(Span<byte> destination, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(destination, value);
        return sizeof(float);
    }
}
