using System;
using System.Text;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>Reads protocol-buffer fields one by one from a range of bytes: keys, varints, fixed 32 and 64 bits, length-delimited ranges.</summary>
public sealed class WireReader(byte[] bytes, int start, int end)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private int at = start;

    public WireReader(byte[] bytes) : this(bytes, 0, bytes.Length)
    {
    }

    public bool AtEnd => at >= end;

    public (int Field, int WireType) ReadKey()
    {
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        var value = 0UL;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Next();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new EventFormatException($"a varint longer than 10 bytes before byte {at}");
    }

    public double ReadDouble()
    {
        var bits = 0UL;
        for (var i = 0; i < 8; i++) bits |= (ulong)Next() << (8 * i);
        return BitConverter.UInt64BitsToDouble(bits);
    }

    public float ReadFloat()
    {
        var bits = 0u;
        for (var i = 0; i < 4; i++) bits |= (uint)Next() << (8 * i);
        return BitConverter.UInt32BitsToSingle(bits);
    }

    /// <summary>A reader of the next length-delimited field's bytes.</summary>
    public WireReader ReadMessage()
    {
        var (from, to) = ReadRange();
        return new WireReader(bytes, from, to);
    }

    public string ReadString()
    {
        var (from, to) = ReadRange();
        return Encoding.UTF8.GetString(bytes, from, to - from);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: ReadDouble(); break;
            case LengthDelimited: ReadRange(); break;
            case Fixed32: ReadFloat(); break;
            default: throw new EventFormatException($"wire type {wireType} before byte {at}");
        }
    }

    private (int From, int To) ReadRange()
    {
        var length = ReadVarint();
        if (length > (ulong)(end - at)) throw new EventFormatException($"a field of {length} bytes at byte {at}, {end - at} left in its message");
        var from = at;
        at += (int)length;
        return (from, at);
    }

    private byte Next()
    {
        if (at >= end) throw new EventFormatException($"a message ends inside a field at byte {at}");
        return bytes[at++];
    }
}
