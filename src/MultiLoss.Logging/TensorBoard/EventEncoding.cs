using System;
using System.Text;
using static MultiLoss.Logging.TensorBoard.ProtobufWire;

namespace MultiLoss.Logging.TensorBoard;

/// <summary>
/// Encodes the two kinds of TensorBoard <c>Event</c> messages the sink writes, by hand, with the field numbers of
/// TensorFlow's <c>event.proto</c> and <c>summary.proto</c>: the file's first event (<c>wall_time</c>,
/// <c>file_version</c>) and a step's scalars (<c>wall_time</c>, <c>step</c>, <c>summary { value { tag, simple_value } ... }</c>).
/// A scalar's tag and the keys and lengths around it are encoded once (<see cref="EncodeScalarPrefix"/>), so a step
/// only copies them and appends its float.
/// </summary>
internal static class EventEncoding
{
    /// <summary>What TensorBoard expects as the <c>file_version</c> of the first event.</summary>
    public const string FileVersion = "brain.Event:2";

    // Event: wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5 (Summary).
    private static readonly byte WallTimeKey = Key(1, Fixed64Type);
    private static readonly byte StepKey = Key(2, VarintType);
    private static readonly byte FileVersionKey = Key(3, LengthDelimitedType);
    private static readonly byte SummaryKey = Key(5, LengthDelimitedType);

    // Summary: value = 1 (repeated Summary.Value). Summary.Value: tag = 1 (string), simple_value = 2 (float).
    private static readonly byte SummaryValueKey = Key(1, LengthDelimitedType);
    private static readonly byte TagKey = Key(1, LengthDelimitedType);
    private static readonly byte SimpleValueKey = Key(2, Fixed32Type);

    private static readonly byte[] FileVersionBytes = Encoding.UTF8.GetBytes(FileVersion);

    /// <summary>The length of the first event.</summary>
    public static int FileVersionEventLength =>
        1 + sizeof(double) + 1 + VarintLength((ulong)FileVersionBytes.Length) + FileVersionBytes.Length;

    /// <summary>Writes <c>Event { wall_time, file_version: "brain.Event:2" }</c>; returns its length.</summary>
    public static int WriteFileVersionEvent(Span<byte> destination, double wallTime)
    {
        var at = 0;
        destination[at++] = WallTimeKey;
        at += WriteDouble(destination[at..], wallTime);
        destination[at++] = FileVersionKey;
        at += WriteVarint(destination[at..], (ulong)FileVersionBytes.Length);
        FileVersionBytes.CopyTo(destination[at..]);
        return at + FileVersionBytes.Length;
    }

    /// <summary>
    /// One scalar's <c>Summary.value</c> entry up to its float: the entry's key and length, then <c>tag</c> (key,
    /// length, UTF-8 bytes), then the key of <c>simple_value</c>. The 4 bytes of the float follow it.
    /// </summary>
    public static byte[] EncodeScalarPrefix(string tag)
    {
        var tagBytes = Encoding.UTF8.GetBytes(tag);
        var valueLength = 1 + VarintLength((ulong)tagBytes.Length) + tagBytes.Length + 1 + sizeof(float);
        var prefix = new byte[1 + VarintLength((ulong)valueLength) + valueLength - sizeof(float)];
        var at = 0;
        prefix[at++] = SummaryValueKey;
        at += WriteVarint(prefix.AsSpan(at), (ulong)valueLength);
        prefix[at++] = TagKey;
        at += WriteVarint(prefix.AsSpan(at), (ulong)tagBytes.Length);
        tagBytes.CopyTo(prefix, at);
        at += tagBytes.Length;
        prefix[at] = SimpleValueKey;
        return prefix;
    }

    /// <summary>The length of the <c>Summary</c> holding value i for every non-null <paramref name="prefixes"/>[i].</summary>
    public static int SummaryLength(ReadOnlySpan<byte[]?> prefixes)
    {
        var length = 0;
        foreach (var prefix in prefixes)
        {
            if (prefix is not null) length += prefix.Length + sizeof(float);
        }
        return length;
    }

    /// <summary>The length of a step's event whose summary is <paramref name="summaryLength"/> bytes long.</summary>
    public static int ScalarEventLength(long step, int summaryLength) =>
        1 + sizeof(double) + 1 + VarintLength((ulong)step) + 1 + VarintLength((ulong)summaryLength) + summaryLength;

    /// <summary>
    /// Writes <c>Event { wall_time, step, summary { value { tag, simple_value } ... } }</c> with one value per non-null
    /// <paramref name="prefixes"/>[i] (from <see cref="EncodeScalarPrefix"/>), whose float is <paramref name="values"/>[i];
    /// <paramref name="summaryLength"/> is <see cref="SummaryLength"/> of the prefixes. Returns the event's length.
    /// </summary>
    public static int WriteScalarEvent(
        Span<byte> destination, double wallTime, long step, ReadOnlySpan<byte[]?> prefixes, ReadOnlySpan<float> values, int summaryLength)
    {
        var at = 0;
        destination[at++] = WallTimeKey;
        at += WriteDouble(destination[at..], wallTime);
        destination[at++] = StepKey;
        // int64 is written as its two's complement in 64 bits: a negative step takes 10 bytes, as protobuf specifies.
        at += WriteVarint(destination[at..], (ulong)step);
        destination[at++] = SummaryKey;
        at += WriteVarint(destination[at..], (ulong)summaryLength);
        for (var i = 0; i < prefixes.Length; i++)
        {
            var prefix = prefixes[i];
            if (prefix is null) continue;
            prefix.CopyTo(destination[at..]);
            at += prefix.Length;
            at += WriteFloat(destination[at..], values[i]);
        }
        return at;
    }
}
