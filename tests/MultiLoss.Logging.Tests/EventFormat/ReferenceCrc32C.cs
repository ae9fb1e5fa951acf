using System;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>
/// CRC-32C written from its definition, one bit at a time, for checking the library's (which uses the processor's
/// instruction): the Castagnoli polynomial 0x1EDC6F41, bit-reflected (0x82F63B78), initial value and final XOR all
/// ones. And TFRecord's mask: rotate right by 15 bits, add 0xA282EAD8.
/// </summary>
public static class ReferenceCrc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}
