using System;
using System.Collections.Generic;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>
/// Splits an event file into its TFRecord records and checks every one: 8 bytes of length (little-endian), 4 bytes of
/// the masked CRC-32C of those 8 bytes, the data, 4 bytes of the masked CRC-32C of the data. A file that ends inside
/// a record, or a checksum that does not match, throws <see cref="EventFormatException"/>.
/// </summary>
public static class TfRecordReader
{
    private const int HeaderBytes = 12;
    private const int FooterBytes = 4;

    public static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        var at = 0;
        while (at < file.Length)
        {
            var where = $"record {records.Count} at byte {at}";
            var left = file.Length - at;
            if (left < HeaderBytes) throw new EventFormatException($"{where}: truncated in its header ({left} of {HeaderBytes} bytes)");
            var length = LittleEndian(file, at, 8);
            var lengthCrc = (uint)LittleEndian(file, at + 8, 4);
            var expectedLengthCrc = ReferenceCrc32C.Mask(ReferenceCrc32C.Compute(file.AsSpan(at, 8)));
            if (lengthCrc != expectedLengthCrc) throw new EventFormatException($"{where}: length checksum {lengthCrc:X8}, expected {expectedLengthCrc:X8}");
            if ((ulong)(left - HeaderBytes) < length + FooterBytes)
            {
                throw new EventFormatException($"{where}: truncated in its data ({left - HeaderBytes} bytes left for {length} bytes of data and {FooterBytes} of checksum)");
            }
            var data = file[(at + HeaderBytes)..(at + HeaderBytes + (int)length)];
            var dataCrc = (uint)LittleEndian(file, at + HeaderBytes + (int)length, 4);
            var expectedDataCrc = ReferenceCrc32C.Mask(ReferenceCrc32C.Compute(data));
            if (dataCrc != expectedDataCrc) throw new EventFormatException($"{where}: data checksum {dataCrc:X8}, expected {expectedDataCrc:X8}");
            records.Add(data);
            at += HeaderBytes + (int)length + FooterBytes;
        }
        return records;
    }

    private static ulong LittleEndian(byte[] bytes, int start, int count)
    {
        var value = 0UL;
        for (var i = count - 1; i >= 0; i--) value = (value << 8) | bytes[start + i];
        return value;
    }
}
