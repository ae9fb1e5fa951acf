using System;
using System.Buffers.Binary;
using System.Numerics;

namespace MultiLoss.Logging.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of TFRecord framing, and the masking TFRecord applies to it. The CRC comes from
/// <see cref="BitOperations.Crc32C(uint, ulong)"/>, which uses the processor's CRC32 instruction where there is one
/// (SSE4.2, Arm CRC32) and a table otherwise: nothing to depend on, and a few bytes per cycle.
/// </summary>
internal static class Crc32C
{
    /// <summary>The constant TFRecord adds to the rotated CRC.</summary>
    private const uint MaskDelta = 0xA282EAD8;

    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final XOR all ones, reflected).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>
    /// The checksum as a TFRecord stores it: rotated right by 15 bits plus a constant, so that a CRC computed over data
    /// that itself holds CRCs is not trivially related to them.
    /// </summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Compute(data);
        return BitOperations.RotateRight(crc, 15) + MaskDelta;
    }
}
