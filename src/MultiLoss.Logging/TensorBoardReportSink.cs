using System;
using System.IO;
using System.Threading;
using MultiLoss.Logging.TensorBoard;

namespace MultiLoss.Logging;

/// <summary>
/// Writes each value as a TensorBoard scalar at the step the values belong to (a window's last step), all of a step's
/// values in one event, into an event file of its own that stays open until <see cref="Dispose"/>. A value not
/// reported (NaN with a count of 0: a loss not computed) is not written, so its curve has a gap rather than a NaN
/// point.
/// </summary>
/// <remarks>
/// <para>
/// The file is written through a 64 KiB buffer: a step costs encoding its values (each tag is encoded once) and a
/// copy, no allocation and no system call. Buffered events reach the file on <see cref="Flush"/>, on
/// <see cref="Dispose"/>, on the first write at least <see cref="FlushInterval"/> after the previous flush, and when
/// the buffer fills; so a process that dies without disposing the sink loses at most the events written in the
/// <see cref="FlushInterval"/> before its last write. <see cref="TrainingReports"/> disposes its sinks, also when an
/// exception leaves its <c>using</c> block.
/// </para>
/// <para>Not thread-safe: one thread writes, as <see cref="TrainingReports"/> does.</para>
/// </remarks>
public sealed class TensorBoardReportSink : IReportSink
{
    private readonly Func<ReportValueName, string?> tagOf;
    private readonly EventFileWriter file;
    private ReportLayout? encodedLayout;
    private byte[]?[] layoutPrefixes = [];
    private byte[]?[] stepPrefixes = [];
    private float[] stepValues = [];
    private bool disposed;

    /// <summary>Creates a new event file in <paramref name="logDirectory"/>, the folder TensorBoard is pointed at (<c>--logdir</c>).</summary>
    /// <param name="logDirectory">The folder of the event file (created if missing).</param>
    /// <param name="tagOf">The tag of each value, or null to leave it out; default <see cref="ReportTags.Default"/>.
    /// Called once per value name, not per step.</param>
    /// <param name="flushInterval">How long written values may wait in the buffer before the next write flushes them;
    /// default <see cref="DefaultFlushInterval"/>. <see cref="TimeSpan.Zero"/> flushes every write;
    /// <see cref="Timeout.InfiniteTimeSpan"/> only <see cref="Flush"/>, <see cref="Dispose"/> and a full buffer do.</param>
    public TensorBoardReportSink(string logDirectory, Func<ReportValueName, string?>? tagOf = null, TimeSpan? flushInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDirectory);
        var interval = flushInterval ?? DefaultFlushInterval;
        if (interval < TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(flushInterval), interval,
                "The flush interval is negative; pass TimeSpan.Zero to flush every write, a positive interval, or Timeout.InfiniteTimeSpan to flush only on Flush() and Dispose().");
        }
        this.tagOf = tagOf ?? ReportTags.Default;
        FlushInterval = interval;
        LogDirectory = Path.GetFullPath(logDirectory);
        try
        {
            Directory.CreateDirectory(LogDirectory);
            file = new EventFileWriter(LogDirectory, interval);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                $"Cannot create a TensorBoard event file in '{LogDirectory}': {ex.Message} Pass a folder that this process can create and write to.", ex);
        }
    }

    /// <summary>One second: TensorBoard, which rereads a folder every few seconds, shows values a second old at most.</summary>
    public static TimeSpan DefaultFlushInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The folder of the event file (full path).</summary>
    public string LogDirectory { get; }

    /// <summary>The event file: <c>events.out.tfevents.&lt;seconds&gt;.&lt;host&gt;.&lt;process id&gt;.&lt;n&gt;</c> in <see cref="LogDirectory"/>.</summary>
    public string FilePath => file.Path;

    /// <summary>How long written values may wait in the buffer before a write flushes them (<see cref="Timeout.InfiniteTimeSpan"/>: no limit).</summary>
    public TimeSpan FlushInterval { get; }

    /// <inheritdoc />
    public bool IsEnabled => !disposed;

    /// <inheritdoc />
    public void Write(ReportValues values)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(values);
        var prefixes = PrefixesOf(values.Layout);
        var numbers = values.Values;
        var counts = values.Counts;
        for (var i = 0; i < prefixes.Length; i++)
        {
            stepPrefixes[i] = counts[i] == 0 ? null : prefixes[i];
            stepValues[i] = (float)numbers[i];
        }
        file.WriteScalars(values.LastStep, stepPrefixes, stepValues);
    }

    /// <summary>Hands every value written so far to the file, e.g. before reading it while the sink stays open.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        file.Flush();
    }

    /// <summary>The encoded tag of each value of <paramref name="layout"/> (null: left out), computed once per layout.</summary>
    private byte[]?[] PrefixesOf(ReportLayout layout)
    {
        if (ReferenceEquals(layout, encodedLayout)) return layoutPrefixes;
        var prefixes = new byte[]?[layout.Count];
        for (var i = 0; i < prefixes.Length; i++)
        {
            var tag = tagOf(layout[i]);
            prefixes[i] = tag is null ? null : EventEncoding.EncodeScalarPrefix(tag);
        }
        layoutPrefixes = prefixes;
        stepPrefixes = new byte[]?[prefixes.Length];
        stepValues = new float[prefixes.Length];
        encodedLayout = layout;
        return prefixes;
    }

    /// <summary>Flushes and closes the event file; the sink writes nothing after.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        file.Dispose();
    }
}
