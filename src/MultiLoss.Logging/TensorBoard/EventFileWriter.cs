using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace MultiLoss.Logging.TensorBoard;

/// <summary>
/// One TensorBoard event file, open from construction to <see cref="Dispose"/>: its first event says the file's
/// version, then one event per <see cref="WriteScalars"/>. Writes go into the file stream's buffer; they reach the
/// file (the operating system's cache) on <see cref="Flush"/>, on <see cref="Dispose"/>, on the first write at least
/// the flush interval after the previous flush, and whenever the buffer fills.
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    /// <summary>The file stream's buffer: a few hundred steps of a trainer with a handful of values.</summary>
    private const int BufferBytes = 64 * 1024;

    /// <summary>Tells apart the files one process opens in one folder within one second.</summary>
    private static int filesOpened;

    private readonly FileStream stream;
    private readonly TfRecordWriter records;
    private readonly long flushIntervalTicks;
    private long lastFlush;
    private bool disposed;

    /// <summary>
    /// Creates a new event file in <paramref name="folder"/> (which must exist) and writes its first event;
    /// <see cref="Timeout.InfiniteTimeSpan"/> as <paramref name="flushInterval"/> flushes only when asked or full.
    /// </summary>
    public EventFileWriter(string folder, TimeSpan flushInterval)
    {
        var now = DateTimeOffset.UtcNow;
        var number = Interlocked.Increment(ref filesOpened);
        // TensorBoard finds event files by "tfevents" in the name and orders a folder's files by name, so the name
        // starts with the creation time in seconds, as TensorFlow's writer names them; host, process and a per-process
        // number keep two writers in one folder apart.
        Path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{now.ToUnixTimeSeconds():D10}.{Environment.MachineName}.{Environment.ProcessId}.{number}"));
        // FileShare.Read: TensorBoard reads the file while it is written.
        stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, BufferBytes);
        try
        {
            records = new TfRecordWriter(stream);
            flushIntervalTicks = StopwatchTicks(flushInterval);
            var length = EventEncoding.FileVersionEventLength;
            EventEncoding.WriteFileVersionEvent(records.BeginRecord(length), WallTime());
            records.EndRecord();
            Flush();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The event file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Writes one event at <paramref name="step"/> with a scalar for each non-null <paramref name="prefixes"/>[i]
    /// (<see cref="EventEncoding.EncodeScalarPrefix"/>) whose value is <paramref name="values"/>[i]; nothing when every
    /// prefix is null.
    /// </summary>
    public void WriteScalars(long step, ReadOnlySpan<byte[]?> prefixes, ReadOnlySpan<float> values)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var summaryLength = EventEncoding.SummaryLength(prefixes);
        if (summaryLength == 0) return;
        var length = EventEncoding.ScalarEventLength(step, summaryLength);
        EventEncoding.WriteScalarEvent(records.BeginRecord(length), WallTime(), step, prefixes, values, summaryLength);
        records.EndRecord();
        if (Stopwatch.GetTimestamp() - lastFlush >= flushIntervalTicks) Flush();
    }

    /// <summary>Hands every buffered event to the operating system, so that it survives the process (not a power loss).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        stream.Flush();
        lastFlush = Stopwatch.GetTimestamp();
    }

    /// <summary>Flushes and closes the file (closed even if the flush fails).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            stream.Flush();
        }
        finally
        {
            stream.Dispose();
        }
    }

    /// <summary>The interval in <see cref="Stopwatch"/> ticks; <see cref="long.MaxValue"/> (never) for an infinite or longer interval.</summary>
    private static long StopwatchTicks(TimeSpan interval)
    {
        if (interval == Timeout.InfiniteTimeSpan) return long.MaxValue;
        var ticks = interval.TotalSeconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue ? long.MaxValue : (long)ticks;
    }

    /// <summary>Seconds since the Unix epoch, with the clock's resolution: the events' <c>wall_time</c>.</summary>
    private static double WallTime() =>
        (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;
}
