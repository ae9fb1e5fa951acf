using System;
using System.Buffers.Binary;
using System.IO;

namespace MultiLoss.Logging.TensorBoard;

/// <summary>
/// Frames records as TFRecord does, onto a stream: the data's length (uint64, little-endian), the masked CRC-32C of
/// those 8 bytes, the data, the masked CRC-32C of the data (both checksums uint32, little-endian). A record is built
/// in place in one reused buffer (<see cref="BeginRecord"/>, then <see cref="EndRecord"/>) and handed to the stream in
/// one write, so writing a record allocates nothing once the buffer has grown to the largest record.
/// </summary>
internal sealed class TfRecordWriter
{
    private const int LengthBytes = sizeof(ulong);
    private const int HeaderBytes = LengthBytes + sizeof(uint);
    private const int FooterBytes = sizeof(uint);

    private readonly Stream stream;
    private byte[] buffer = new byte[512];
    private int dataLength = -1;

    /// <param name="stream">Where the records go; stays the caller's.</param>
    public TfRecordWriter(Stream stream) => this.stream = stream;

    /// <summary>
    /// The space for the next record's <paramref name="length"/> bytes of data, to be filled before
    /// <see cref="EndRecord"/>; a record begun and not ended is dropped.
    /// </summary>
    public Span<byte> BeginRecord(int length)
    {
        var needed = HeaderBytes + length + FooterBytes;
        if (buffer.Length < needed) buffer = new byte[Math.Max(needed, 2 * buffer.Length)];
        dataLength = length;
        return buffer.AsSpan(HeaderBytes, length);
    }

    /// <summary>Adds the length, both checksums, and writes the record to the stream.</summary>
    public void EndRecord()
    {
        if (dataLength < 0) throw new InvalidOperationException("No record was begun.");
        var record = buffer.AsSpan(0, HeaderBytes + dataLength + FooterBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[LengthBytes..], Crc32C.Masked(record[..LengthBytes]));
        var data = record.Slice(HeaderBytes, dataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[(HeaderBytes + dataLength)..], Crc32C.Masked(data));
        dataLength = -1;
        stream.Write(record);
    }
}
