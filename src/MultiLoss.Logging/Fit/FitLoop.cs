using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using static TorchSharp.torch;

namespace MultiLoss.Logging;

/// <summary>
/// An optional loop around a trainer's step, for any trainer: epochs over a data source you provide, the trainer's
/// <see cref="IMultiLossTrainer.EndEpoch"/> after each, an evaluation over a validation source, the means of every
/// reported value per epoch (summed on the device, one read per epoch), progress through <see cref="EpochEnded"/> and
/// <see cref="Progress"/>, early stopping on a reported value, the best and the last checkpoint, cancellation, and
/// resuming from a checkpoint. The step stays yours: the loop calls the delegate it was given, once per batch.
/// </summary>
/// <typeparam name="TBatch">What one step takes, e.g. <c>(Tensor Input, Tensor Target)</c>.</typeparam>
/// <typeparam name="TReport">The trainer's <c>StepResult</c>.</typeparam>
/// <remarks>
/// <para>
/// One epoch: for each batch of the training source, in a <c>torch.NewDisposeScope()</c> opened before the batch is
/// fetched (tensors the source creates for a batch are freed after its step), the step, whose report goes to
/// <see cref="Reports"/> and into the epoch's means; then, in the same way, <see cref="Evaluate"/> on each validation
/// batch (reports to <see cref="EvaluationReports"/>); then <c>trainer.EndEpoch()</c>; then the monitor, the
/// <see cref="EpochEnded"/> event (step a learning-rate scheduler there), <see cref="Progress"/>, the best checkpoint
/// if the epoch improved, the last checkpoint, and early stopping.
/// </para>
/// <para>
/// The loop is the hand-written loop of those calls: a run through it equals that loop bit for bit (tested). The
/// evaluation comes before <c>EndEpoch()</c>, so it sees the weights the epoch trained with.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var fit = new FitLoop&lt;(Tensor X, Tensor Y), MyTrainer.StepResult&gt;(trainer, b => trainer.Step(b.X, b.Y))
/// {
///     Evaluate = b => trainer.Evaluate(b.X, b.Y),
///     Epochs = 20,
///     Monitor = new FitMonitor("Total") { Patience = 3 },
///     Checkpoint = new Checkpoint(model, optimizer, trainer, scheduler),
///     BestCheckpointPath = "run/best.ckpt",
///     LastCheckpointPath = "run/last.ckpt",
/// };
/// fit.EpochEnded += (_, epoch) => scheduler.step();
/// FitResult result = fit.Run(epoch => train.Batches(epoch), epoch => validation.Batches());
/// </code>
/// </example>
public sealed class FitLoop<TBatch, TReport>
    where TReport : ITrainingReport
{
    private readonly Func<TBatch, TReport> step;

    /// <summary>A loop that trains <paramref name="trainer"/> with <paramref name="step"/> (e.g. <c>b => trainer.Step(b.X, b.Y)</c>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public FitLoop(IMultiLossTrainer trainer, Func<TBatch, TReport> step)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(step);
        Trainer = trainer;
        this.step = step;
    }

    /// <summary>Raised after each epoch, before its checkpoints are saved, on the loop's thread.</summary>
    public event EventHandler<FitEpoch>? EpochEnded;

    /// <summary>The trainer the loop drives.</summary>
    public IMultiLossTrainer Trainer { get; }

    /// <summary>The evaluation of one validation batch (e.g. <c>b => trainer.Evaluate(b.X, b.Y)</c>); needed for a validation source.</summary>
    public Func<TBatch, TReport>? Evaluate { get; init; }

    /// <summary>The number of epochs, counting those before a resume (default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Epochs
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "A fit runs at least 1 epoch.");
    } = 1;

    /// <summary>The value watched for early stopping and for the best checkpoint; null for none.</summary>
    public FitMonitor? Monitor { get; init; }

    /// <summary>What the checkpoints save and <see cref="Resume"/> loads; needed for a checkpoint path.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>Where the checkpoint of the best epoch so far is saved (needs <see cref="Monitor"/> and <see cref="Checkpoint"/>).</summary>
    public string? BestCheckpointPath { get; init; }

    /// <summary>Where a checkpoint is saved after every epoch, every <see cref="CheckpointEverySteps"/> steps and on cancellation (needs <see cref="Checkpoint"/>).</summary>
    public string? LastCheckpointPath { get; init; }

    /// <summary>
    /// Also save the last checkpoint after every this many steps (0, the default: at the end of epochs only). A run
    /// resumed from the middle of an epoch trains as the uninterrupted one, but that epoch's training means cover the
    /// steps after the resume only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int CheckpointEverySteps
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), value, "0 (at the end of epochs only) or a number of steps.");
    }

    /// <summary>Where each training step's report is written (the caller disposes it).</summary>
    public TrainingReports? Reports { get; init; }

    /// <summary>Where each validation batch's report is written (the caller disposes it; evaluations need a TrainingReports of their own).</summary>
    public TrainingReports? EvaluationReports { get; init; }

    /// <summary>Told about each finished epoch.</summary>
    public IProgress<FitEpoch>? Progress { get; init; }

    /// <summary>Runs the epochs from <paramref name="from"/> (default: the start), training on the same batches every epoch.</summary>
    /// <inheritdoc cref="Run(Func{int, IEnumerable{TBatch}}, Func{int, IEnumerable{TBatch}}?, TrainingPosition?, CancellationToken)"/>
    [SuppressMessage("ApiDesign", "RS0026", Justification = "Two shapes of the same call, told apart by the first parameter's type: batches, or a function of the epoch that gives them.")]
    public FitResult Run(IEnumerable<TBatch> training, IEnumerable<TBatch>? validation = null, TrainingPosition? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        return Run(_ => training, validation is null ? null : _ => validation, from, cancellationToken);
    }

    /// <summary>Runs the epochs from <paramref name="from"/> (default: the start).</summary>
    /// <param name="training">The training batches of an epoch, given its number (from 0). A run resumed in the middle of an epoch skips the batches already trained, so the source must give an epoch's batches in the same order each time.</param>
    /// <param name="validation">The validation batches of an epoch, given its number; null for no evaluation.</param>
    /// <param name="from">Where to start: a checkpoint's position (<see cref="Resume"/> loads one), or null for the start.</param>
    /// <param name="cancellationToken">Checked before each batch; when cancelled the loop saves the last checkpoint (if it has a path) where it stopped and throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">The loop's settings do not fit together (a checkpoint path without a checkpoint, a validation source without an evaluation, ...).</exception>
    /// <exception cref="KeyNotFoundException">The monitored value is not reported; the message lists the values that are.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [SuppressMessage("ApiDesign", "RS0026", Justification = "Two shapes of the same call, told apart by the first parameter's type: batches, or a function of the epoch that gives them.")]
    public FitResult Run(Func<int, IEnumerable<TBatch>> training, Func<int, IEnumerable<TBatch>>? validation = null, TrainingPosition? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        CheckSettings(validation is not null);
        var start = from ?? TrainingPosition.Start;
        var tracker = new MonitorTracker(Monitor);
        tracker.Restore(start);
        using var trainingWindow = new ReportWindow(int.MaxValue);
        using var validationWindow = new ReportWindow(int.MaxValue);
        FitEpoch? last = null;
        var epoch = start.Epoch;
        var stoppedEarly = false;
        while (epoch < Epochs)
        {
            var batches = TrainEpoch(training(epoch), epoch, epoch == start.Epoch ? start.BatchInEpoch : 0, trainingWindow, tracker, cancellationToken);
            var validationMeans = validation is null
                ? null
                : EvaluateEpoch(validation(epoch), validationWindow, () => SaveLast(epoch, batches, tracker), cancellationToken);
            var trainingMeans = trainingWindow.EndEarly() ? FitValues.Copy(trainingWindow.Means) : null;
            Trainer.EndEpoch();

            // An epoch resumed at its very end took no training step: it has no training mean to judge.
            var monitoredMeans = validation is null ? trainingMeans : validationMeans;
            var monitored = Monitored(monitoredMeans);
            var improved = monitoredMeans is not null && tracker.Observe(monitored, epoch);
            last = new FitEpoch(epoch, Epochs, trainingMeans, validationMeans, monitored, improved, tracker.Best, tracker.BestEpoch, tracker.EpochsWithoutImprovement, tracker.PatienceRanOut && epoch + 1 < Epochs);
            EpochEnded?.Invoke(this, last);
            Progress?.Report(last);
            epoch++;
            if (improved && BestCheckpointPath is not null) Checkpoint!.Save(BestCheckpointPath, Position(epoch, 0, tracker));
            SaveLast(epoch, 0, tracker);
            if (last.StopsEarly)
            {
                stoppedEarly = true;
                break;
            }
        }
        return new FitResult(epoch, stoppedEarly, tracker.Best, tracker.BestEpoch, Position(epoch, 0, tracker), last);
    }

    /// <summary>Loads <paramref name="checkpointPath"/> with <see cref="Checkpoint"/> and runs the rest of the fit from its position.</summary>
    /// <inheritdoc cref="Run(Func{int, IEnumerable{TBatch}}, Func{int, IEnumerable{TBatch}}?, TrainingPosition?, CancellationToken)"/>
    /// <exception cref="System.IO.InvalidDataException">The checkpoint cannot be loaded into the objects (see <see cref="MultiLoss.Checkpoint.Load"/>).</exception>
    public FitResult Resume(string checkpointPath, Func<int, IEnumerable<TBatch>> training, Func<int, IEnumerable<TBatch>>? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        if (Checkpoint is null) throw new InvalidOperationException("Resume loads the checkpoint with the loop's Checkpoint: set Checkpoint = new Checkpoint(model, optimizer, trainer).");
        return Run(training, validation, Checkpoint.Load(checkpointPath), cancellationToken);
    }

    /// <summary>Trains one epoch from batch <paramref name="firstBatch"/>; returns the number of batches the epoch has.</summary>
    private int TrainEpoch(IEnumerable<TBatch> source, int epoch, int firstBatch, ReportWindow window, MonitorTracker tracker, CancellationToken cancellationToken)
    {
        using var batches = source.GetEnumerator();
        for (var batch = 0; ; batch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveLast(epoch, Math.Max(batch, firstBatch), tracker);
                cancellationToken.ThrowIfCancellationRequested();
            }
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) return batch;
            if (batch < firstBatch) continue;
            var report = step(batches.Current);
            Reports?.Add(report);
            window.Add(report);
            if (CheckpointEverySteps > 0 && Trainer.StepsTaken % CheckpointEverySteps == 0 && LastCheckpointPath is not null)
            {
                Checkpoint!.Save(LastCheckpointPath, Position(epoch, batch + 1, tracker));
            }
        }
    }

    private ReportValues? EvaluateEpoch(IEnumerable<TBatch> source, ReportWindow window, Action saveOnCancel, CancellationToken cancellationToken)
    {
        using var batches = source.GetEnumerator();
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                saveOnCancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            var report = Evaluate!(batches.Current);
            EvaluationReports?.Add(report);
            window.Add(report);
        }
        return window.EndEarly() ? FitValues.Copy(window.Means) : null;
    }

    private double Monitored(ReportValues? means)
    {
        if (Monitor is null || means is null) return double.NaN;
        return means.Values[FitValues.IndexOf(means.Layout, Monitor.Value)];
    }

    private static TrainingPosition Position(int epoch, int batch, MonitorTracker tracker) => new(epoch, batch, tracker.Values());

    private void SaveLast(int epoch, int batch, MonitorTracker tracker)
    {
        if (LastCheckpointPath is not null) Checkpoint!.Save(LastCheckpointPath, Position(epoch, batch, tracker));
    }

    private void CheckSettings(bool validates)
    {
        if (validates && Evaluate is null)
        {
            throw new InvalidOperationException("A validation source needs an evaluation: set Evaluate = b => trainer.Evaluate(...).");
        }
        if ((BestCheckpointPath is not null || LastCheckpointPath is not null) && Checkpoint is null)
        {
            throw new InvalidOperationException("A checkpoint path needs a Checkpoint: set Checkpoint = new Checkpoint(model, optimizer, trainer).");
        }
        if (BestCheckpointPath is not null && Monitor is null)
        {
            throw new InvalidOperationException("The best checkpoint is the best by a monitored value: set Monitor = new FitMonitor(\"Total\").");
        }
        if (CheckpointEverySteps > 0 && LastCheckpointPath is null)
        {
            throw new InvalidOperationException("CheckpointEverySteps saves the last checkpoint: set LastCheckpointPath.");
        }
    }
}
