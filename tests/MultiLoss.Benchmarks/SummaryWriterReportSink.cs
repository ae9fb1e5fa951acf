using System;
using MultiLoss.Logging;
using TorchSharp;
using TorchSharp.Modules;

namespace MultiLoss.Benchmarks;

/// <summary>
/// What <see cref="TensorBoardReportSink"/> did before it wrote its own file: each value through TorchSharp's
/// <c>SummaryWriter.add_scalar</c>, which opens the event file, appends one event
/// and closes it again. Kept here only to show what the buffered file saves.
/// </summary>
public sealed class SummaryWriterReportSink(string logDirectory) : IReportSink
{
    private readonly SummaryWriter writer = torch.utils.tensorboard.SummaryWriter(logDirectory);
    private ReportLayout? taggedLayout;
    private string?[] tags = [];

    public bool IsEnabled => true;

    public void Write(ReportValues values)
    {
        if (!ReferenceEquals(values.Layout, taggedLayout))
        {
            tags = new string?[values.Layout.Count];
            for (var i = 0; i < tags.Length; i++) tags[i] = ReportTags.Default(values.Layout[i]);
            taggedLayout = values.Layout;
        }
        var step = (int)Math.Min(values.LastStep, int.MaxValue);
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i] is { } tag && values.Counts[i] != 0) writer.add_scalar(tag, (float)values.Values[i], step);
        }
    }

    public void Dispose()
    {
    }
}
