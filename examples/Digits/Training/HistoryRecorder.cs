using System;
using System.Diagnostics;
using Digits.Strategies;
using MultiLoss.Logging;

namespace Digits.Training;

/// <summary>
/// The example's sink for a fit loop's <see cref="TrainingReports"/> (every step's values) and the handler of its
/// <see cref="FitLoop{TBatch, TReport}.EpochEnded"/>: records each step's losses and each epoch's means, with when the
/// epoch ended, into a <see cref="LossHistory"/>, and tells an <see cref="ITrainingObserver"/>. The epoch means are the
/// host's, over the values read per step, skipping what a step did not compute (<see cref="LossMean"/>).
/// </summary>
public sealed class HistoryRecorder : IReportSink
{
    private readonly ITrainingObserver observer;
    private readonly bool logLosses;
    private readonly ReportedLosses reported = new();
    private readonly Stopwatch clock = new();
    private LossMean epochMean = new();
    private int epoch = 1;

    /// <param name="logLosses">The trainer reports its losses' logarithms (<see cref="IDigitsTrainer.ReportsLogLosses"/>).</param>
    public HistoryRecorder(LossHistory history, ITrainingObserver observer, bool logLosses = false)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(observer);
        History = history;
        this.observer = observer;
        this.logLosses = logLosses;
    }

    public LossHistory History { get; }

    public bool IsEnabled => true;

    /// <summary>Starts the clock that times the epochs: call it when the loop starts.</summary>
    public void Start() => clock.Start();

    public void Write(ReportValues values)
    {
        var losses = reported.Read(values);
        if (logLosses) losses = LogLoss.Undo(losses);
        var record = new StepRecord(History.Steps.Count + 1, epoch, losses);
        History.AddStep(record);
        epochMean.Add(losses);
        observer.OnStep(record, epochMean.Mean);
    }

    /// <summary>Ends the current epoch (a <see cref="FitLoop{TBatch, TReport}.EpochEnded"/> handler).</summary>
    public void OnEpochEnded(object? sender, FitEpoch fitEpoch)
    {
        var mean = epochMean.Mean;
        History.EndEpoch(mean, clock.Elapsed);
        observer.OnEpochEnd(epoch, mean);
        epochMean = new LossMean();
        epoch++;
    }

    public void Dispose()
    {
    }
}
