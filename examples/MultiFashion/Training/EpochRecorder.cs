using System;
using System.Collections.Generic;
using MultiFashion.Strategies;
using MultiLoss.Logging;

namespace MultiFashion.Training;

/// <summary>
/// The example's sink for a fit loop's <see cref="TrainingReports"/> (every step's values) and the handler of its
/// <see cref="FitLoop{TBatch, TReport}.EpochEnded"/>: sums each epoch's steps on the host (<see cref="EpochAccumulator"/>),
/// keeps each epoch's <see cref="EpochRecord"/> and tells an <see cref="ITrainingObserver"/>.
/// </summary>
public sealed class EpochRecorder : IReportSink
{
    private readonly ITrainingObserver observer;
    private readonly ReportedLosses reported = new();
    private readonly List<EpochRecord> epochs = [];
    private EpochAccumulator accumulator = new();

    public EpochRecorder(ITrainingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        this.observer = observer;
    }

    public IReadOnlyList<EpochRecord> Epochs => epochs;

    /// <summary>The steps recorded so far, counting across epochs.</summary>
    public int Steps { get; private set; }

    public bool IsEnabled => true;

    public void Write(ReportValues values)
    {
        accumulator.Add(reported.Read(values));
        Steps++;
    }

    /// <summary>Ends the current epoch (a <see cref="FitLoop{TBatch, TReport}.EpochEnded"/> handler).</summary>
    public void OnEpochEnded(object? sender, FitEpoch fitEpoch)
    {
        var record = accumulator.ToRecord(epochs.Count + 1, Steps);
        epochs.Add(record);
        observer.OnEpochEnd(record);
        accumulator = new EpochAccumulator();
    }

    public void Dispose()
    {
    }
}
