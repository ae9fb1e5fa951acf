using System;
using TorchSharp;
using TorchSharp.Modules;

namespace MultiLoss.Logging;

/// <summary>
/// Writes each value as a TensorBoard scalar with TorchSharp's <see cref="SummaryWriter"/>, at the step the values
/// belong to (a window's last step). A value not reported (NaN with a count of 0: a loss not computed) is not written,
/// so its curve has a gap rather than a NaN point.
/// </summary>
public sealed class TensorBoardReportSink : IReportSink
{
    private readonly Func<ReportValueName, string?> tagOf;
    private ReportLayout? taggedLayout;
    private string?[] tags = [];
    private bool disposed;

    /// <summary>Writes an event file into <paramref name="logDirectory"/>.</summary>
    /// <param name="logDirectory">The folder of the event file (created if missing).</param>
    /// <param name="tagOf">The tag of each value, or null to leave it out; default <see cref="ReportTags.Default"/>.
    /// Called once per value name, not per step.</param>
    public TensorBoardReportSink(string logDirectory, Func<ReportValueName, string?>? tagOf = null)
        : this(torch.utils.tensorboard.SummaryWriter(logDirectory), tagOf)
    {
    }

    /// <summary>Writes through <paramref name="writer"/>.</summary>
    /// <param name="writer">TorchSharp's writer.</param>
    /// <param name="tagOf">The tag of each value, or null to leave it out; default <see cref="ReportTags.Default"/>.</param>
    public TensorBoardReportSink(SummaryWriter writer, Func<ReportValueName, string?>? tagOf = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Writer = writer;
        this.tagOf = tagOf ?? ReportTags.Default;
    }

    /// <summary>The writer; its <see cref="SummaryWriter.LogDir"/> holds the event file.</summary>
    public SummaryWriter Writer { get; }

    /// <inheritdoc />
    public bool IsEnabled => !disposed;

    /// <inheritdoc />
    public void Write(ReportValues values)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(values);
        var tagsOfLayout = TagsOf(values.Layout);
        // SummaryWriter counts steps in an int; a run longer than that keeps writing at the last int step.
        var step = (int)Math.Min(values.LastStep, int.MaxValue);
        var numbers = values.Values;
        var counts = values.Counts;
        for (var i = 0; i < numbers.Length; i++)
        {
            var tag = tagsOfLayout[i];
            if (tag is null || counts[i] == 0) continue;
            Writer.add_scalar(tag, (float)numbers[i], step);
        }
    }

    private string?[] TagsOf(ReportLayout layout)
    {
        if (ReferenceEquals(layout, taggedLayout)) return tags;
        var computed = new string?[layout.Count];
        for (var i = 0; i < computed.Length; i++) computed[i] = tagOf(layout[i]);
        tags = computed;
        taggedLayout = layout;
        return computed;
    }

    /// <summary>
    /// Stops writing. TorchSharp's writer holds no open file (it appends and closes the event file on each value), so
    /// there is nothing to release; the event file stays.
    /// </summary>
    public void Dispose() => disposed = true;
}
