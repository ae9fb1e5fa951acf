using System;
using System.Collections.Generic;
using System.Linq;
using Digits.Data;
using Digits.Strategies;
using Digits.Training;
using Digits.Model;
using MultiLoss.Runtime;
using TorchSharp;
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
        Assert.That(DigitsFit.StepCount(1438, new TrainingOptions(Epochs: 3, BatchSize: 32, LearningRate: 0.01, Seed: 0)), Is.EqualTo(3 * 45));
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
    public void FitTellsTheTrainerAfterTheLastStepOfEachEpoch()
    {
        TorchNative.EnsureAvailable();
        using var data = TinyData(rows: 5);
        torch.manual_seed(1);
        using var net = new DigitsNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var trainer = new RecordingTrainer(new WeightedTrainer(net, optimizer));

        var history = DigitsFit.Run(trainer, data, new TrainingOptions(Epochs: 3, BatchSize: 2, LearningRate: 0.01, Seed: 1), new NoObserver());

        Assert.That(trainer.Events, Is.EqualTo(new[]
        {
            "step", "step", "step", "end epoch",
            "step", "step", "step", "end epoch",
            "step", "step", "step", "end epoch",
        }), "3 batches of 2, 2 and 1 rows per epoch");
        Assert.That(history.EpochCount, Is.EqualTo(3));
        Assert.That(history.Steps.Select(s => (s.Step, s.Epoch)), Is.EqualTo(Enumerable.Range(0, 9).Select(i => (i + 1, i / 3 + 1))));
    }

    [Test]
    public void FitRecordsTheStepsOfTheHandWrittenLoopOverTheSameBatches()
    {
        TorchNative.EnsureAvailable();
        var options = new TrainingOptions(Epochs: 3, BatchSize: 16, LearningRate: 0.01, Seed: 2);
        using var data = DigitsTensors.Create(DigitsCsv.Load(DigitsFiles.Shipped).Select(Enumerable.Range(0, 40).ToArray()), CPU);

        var expected = new List<StepLosses>();
        var expectedMeans = new List<StepLosses>();
        torch.manual_seed(5);
        using (var net = new DigitsNet())
        using (var optimizer = optim.Adam(net.parameters(), options.LearningRate))
        using (var trainer = new WeightingTrainer(net, optimizer, new DynamicWeightAverageAttribute()))
        {
            var schedule = new BatchSchedule(data.Count, options.BatchSize, options.Seed);
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                var epochSteps = new List<StepLosses>();
                foreach (var rows in schedule.NextEpoch())
                {
                    using var scope = NewDisposeScope();
                    var indices = torch.tensor(rows);
                    var report = trainer.Step(data.Images.index_select(0, indices), data.Labels.index_select(0, indices));
                    epochSteps.Add(new StepLosses(report.Classification, report.Reconstruction, report.Total,
                        Weights: new LossWeights(report.ClassificationWeight, report.ReconstructionWeight)));
                }
                trainer.EndEpoch();
                expected.AddRange(epochSteps);
                expectedMeans.Add(new StepLosses(
                    epochSteps.Average(s => s.Classification), epochSteps.Average(s => s.Reconstruction), epochSteps.Average(s => s.Total),
                    Weights: new LossWeights(epochSteps.Average(s => s.Weights!.Value.Classification), epochSteps.Average(s => s.Weights!.Value.Reconstruction))));
            }
        }

        torch.manual_seed(5);
        using var fitNet = new DigitsNet();
        using var fitOptimizer = optim.Adam(fitNet.parameters(), options.LearningRate);
        using var fitTrainer = new WeightingTrainer(fitNet, fitOptimizer, new DynamicWeightAverageAttribute());
        var history = DigitsFit.Run(fitTrainer, data, options, new NoObserver());

        Assert.That(history.Steps.Select(s => s.Losses), Is.EqualTo(expected));
        Assert.That(history.EpochMeans.Count, Is.EqualTo(3));
        for (var epoch = 0; epoch < 3; epoch++)
        {
            Assert.That(history.EpochMeans[epoch].Total, Is.EqualTo(expectedMeans[epoch].Total).Within(1e-12), $"epoch {epoch + 1}");
            Assert.That(history.EpochMeans[epoch].Weights!.Value.Classification, Is.EqualTo(expectedMeans[epoch].Weights!.Value.Classification).Within(1e-12));
        }
        Assert.That(expected[^1].Weights, Is.Not.EqualTo(new LossWeights(1.0, 1.0)), "DWA changed its weights at the epochs' ends");
    }

    private static DigitsTensors TinyData(int rows) =>
        DigitsTensors.Create(new DigitsDataset(new float[rows * DigitsDataset.PixelCount], new long[rows]), CPU);

    /// <summary>Records the steps the fit takes and the epoch ends it tells the trainer about, around a real trainer.</summary>
    private sealed class RecordingTrainer(IDigitsTrainer inner) : IDigitsTrainer
    {
        public List<string> Events { get; } = [];

        public TResult Accept<TResult>(IStepVisitor<TResult> visitor) => inner.Accept(new Recording<TResult>(this, visitor));

        public void Dispose() => inner.Dispose();

        private sealed class Recording<TResult>(RecordingTrainer owner, IStepVisitor<TResult> visitor) : IStepVisitor<TResult>
        {
            public TResult Visit<TReport>(IMultiLossTrainer trainer, Func<DigitsBatch, TReport> step) where TReport : ITrainingReport =>
                visitor.Visit(new EpochEnds(owner.Events, trainer), batch =>
                {
                    owner.Events.Add("step");
                    return step(batch);
                });
        }

        private sealed class EpochEnds(List<string> events, IMultiLossTrainer trainer) : IMultiLossTrainer
        {
            public long StepsTaken => trainer.StepsTaken;

            public void EndEpoch()
            {
                events.Add("end epoch");
                trainer.EndEpoch();
            }

            public TrainerState SaveState() => trainer.SaveState();

            public void RestoreState(TrainerState state) => trainer.RestoreState(state);

            public void Dispose() => trainer.Dispose();
        }
    }
}
