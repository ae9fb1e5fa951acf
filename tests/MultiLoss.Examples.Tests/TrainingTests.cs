using System.Collections.Generic;
using System.Linq;
using Digits.Data;
using Digits.Strategies;
using Digits.Training;
using MultiLoss.Runtime;
using MultiLoss.Logging;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Examples.Tests;

public sealed class TrainingTests
{
    [Test]
    public void BatchesCoverEveryRowOncePerEpochWithASmallerLastBatch()
    {
        var schedule = new BatchSchedule(rowCount: 10, batchSize: 4, seed: 1);

        var batches = schedule.NextEpoch().ToList();

        Assert.That(schedule.BatchesPerEpoch, Is.EqualTo(3));
        Assert.That(batches.Select(b => b.Length), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(batches.SelectMany(b => b).Order(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (long)i)));
    }

    [Test]
    public void EachEpochHasANewOrderAndTheSeedFixesTheSequence()
    {
        var first = new BatchSchedule(100, 100, seed: 3);
        var again = new BatchSchedule(100, 100, seed: 3);

        var epoch1 = first.NextEpoch().Single();
        var epoch2 = first.NextEpoch().Single();

        Assert.That(epoch2, Is.Not.EqualTo(epoch1));
        Assert.That(again.NextEpoch().Single(), Is.EqualTo(epoch1));
        Assert.That(again.NextEpoch().Single(), Is.EqualTo(epoch2));
    }

    [Test]
    public void StepCountIsBatchesTimesEpochs()
    {
        Assert.That(TrainingLoop.StepCount(1438, new TrainingOptions(Epochs: 3, BatchSize: 32, LearningRate: 0.01, Seed: 0)), Is.EqualTo(3 * 45));
    }

    [Test]
    public void MeanSkipsLossesThatWereNotComputed()
    {
        var mean = new LossMean();
        mean.Add(new StepLosses(1.0, double.NaN, 1.0));
        mean.Add(new StepLosses(3.0, 0.5, 4.0));

        Assert.That(mean.Mean, Is.EqualTo(new StepLosses(2.0, 0.5, 2.5)));
    }

    [Test]
    public void MeanOfNothingIsNaN()
    {
        Assert.That(double.IsNaN(new LossMean().Mean.Classification), Is.True);
    }

    [Test]
    public void TallyCountsOpenGateStepsAndTheirPhasesAndClears()
    {
        var tally = new StepStateTally();
        tally.Add(new StepLosses(1.0, double.NaN, 1.0, Phase: 1, ReconstructionGateOpen: false));
        tally.Add(new StepLosses(1.0, 0.5, 1.5, Phase: 2, ReconstructionGateOpen: true));
        tally.Add(new StepLosses(1.0, 0.5, 1.5, Phase: 2, ReconstructionGateOpen: true));

        Assert.That(tally.Format(), Is.EqualTo("phase 1 to 2  gate open 2/3"));

        tally.Clear();
        tally.Add(new StepLosses(1.0, 0.5, 1.5, Phase: 2));
        Assert.That(tally.Format(), Is.EqualTo("phase 2"));
    }

    [Test]
    public void TallyOfAStrategyWithoutGateOrPhasesIsEmpty()
    {
        var tally = new StepStateTally();
        tally.Add(new StepLosses(1.0, 0.5, 1.5));

        Assert.That(tally.Format(), Is.Empty);
    }

    [Test]
    public void MeanAveragesTheWeightsOfTheStepsThatReportThem()
    {
        var mean = new LossMean();
        mean.Add(new StepLosses(1.0, 0.5, 1.5, Weights: new LossWeights(1.0, 0.25)));
        mean.Add(new StepLosses(3.0, 0.5, 4.0, Weights: new LossWeights(0.5, 0.75)));

        Assert.That(mean.Mean.Weights, Is.EqualTo(new LossWeights(0.75, 0.5)));
    }

    [Test]
    public void MeanOfStepsWithoutWeightsHasNone()
    {
        var mean = new LossMean();
        mean.Add(new StepLosses(1.0, 0.5, 1.5));

        Assert.That(mean.Mean.Weights, Is.Null);
    }

    [Test]
    public void LoopTellsAnEpochAwareTrainerAfterTheLastStepOfEachEpoch()
    {
        TorchNative.EnsureAvailable();
        using var data = TinyData(rows: 5);
        using var trainer = new EpochAwareRecordingTrainer();

        var history = TrainingLoop.Run(trainer, data, new TrainingOptions(Epochs: 3, BatchSize: 2, LearningRate: 0.01, Seed: 1), new NoObserver());

        Assert.That(trainer.Events, Is.EqualTo(new[]
        {
            "step", "step", "step", "end epoch",
            "step", "step", "step", "end epoch",
            "step", "step", "step", "end epoch",
        }), "3 batches of 2, 2 and 1 rows per epoch");
        Assert.That(history.EpochCount, Is.EqualTo(3));
    }

    [Test]
    public void LoopDoesNotNeedATrainerToBeEpochAware()
    {
        TorchNative.EnsureAvailable();
        using var data = TinyData(rows: 4);
        using var trainer = new RecordingTrainer();

        TrainingLoop.Run(trainer, data, new TrainingOptions(Epochs: 2, BatchSize: 4, LearningRate: 0.01, Seed: 1), new NoObserver());

        Assert.That(trainer.Events, Is.EqualTo(new[] { "step", "step" }));
    }

    private static DigitsTensors TinyData(int rows) =>
        DigitsTensors.Create(new DigitsDataset(new float[rows * DigitsDataset.PixelCount], new long[rows]), CPU);

    /// <summary>A trainer that only records what the loop asks of it.</summary>
    private class RecordingTrainer : IDigitsTrainer
    {
        public List<string> Events { get; } = [];

        public StepLosses Train(Tensor images, Tensor labels, TrainingReports? reports)
        {
            Events.Add("step");
            return new StepLosses(1.0, 1.0, 2.0);
        }

        public void Dispose()
        {
        }
    }

    private sealed class EpochAwareRecordingTrainer : RecordingTrainer, IEpochAwareTrainer
    {
        public void EndEpoch() => Events.Add("end epoch");
    }

    private sealed class NoObserver : ITrainingObserver
    {
        public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
        {
        }

        public void OnEpochEnd(int epoch, StepLosses epochMean)
        {
        }
    }
}
