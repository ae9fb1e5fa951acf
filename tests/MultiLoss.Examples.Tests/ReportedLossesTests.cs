using System;
using System.Linq;
using Digits.Data;
using Digits.Model;
using Digits.Strategies;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Examples.Tests;

/// <summary>The adapter from a generated trainer's report to <see cref="StepLosses"/>: values found by name.</summary>
public sealed class ReportedLossesTests
{
    private DigitsTensors batch = null!;

    [OneTimeSetUp]
    public void LoadBatch()
    {
        TorchNative.EnsureAvailable();
        var data = DigitsCsv.Load(DigitsFiles.Shipped);
        batch = DigitsTensors.Create(data.Select(Enumerable.Range(0, 16).ToArray()), CPU);
    }

    [OneTimeTearDown]
    public void DisposeBatch() => batch.Dispose();

    [Test]
    public void LayoutFindsEachValueByNameWhateverTheOrder()
    {
        var layout = LossValueIndices.Of(["ReconstructionWeight", "Total", "Phase", "Reconstruction", "ClassificationWeight", "Classification"]);

        Assert.That(layout, Is.EqualTo(new LossValueIndices(
            Classification: 5, Reconstruction: 3, Total: 1, ClassificationWeight: 4, ReconstructionWeight: 0, ReconstructionGateOpen: -1, Phase: 2)));
    }

    [Test]
    public void LayoutWithoutALossOrWithOneWeightIsAnError()
    {
        Assert.That(() => LossValueIndices.Of(["Classification", "Total"]),
            Throws.ArgumentException.With.Message.Contains("'Reconstruction'"));
        Assert.That(() => LossValueIndices.Of(["Classification", "Reconstruction", "Total", "ClassificationWeight"]),
            Throws.ArgumentException.With.Message.Contains("both losses or neither"));
    }

    [Test]
    public void AnAggregationsReportGivesItsLossesTotalAndWeights()
    {
        using var net = NewNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var trainer = new AggregationTrainer(net, optimizer, new PCGradAttribute());

        for (var i = 0; i < 3; i++)
        {
            var report = trainer.Step(batch.Images, batch.Labels);
            var losses = TrainerSteps.Losses(report);

            Assert.That(losses.Classification, Is.EqualTo(report.Classification));
            Assert.That(losses.Reconstruction, Is.EqualTo(report.Reconstruction));
            Assert.That(losses.Total, Is.EqualTo(report.Total));
            Assert.That(losses.Weights, Is.EqualTo(new LossWeights(report.ClassificationWeight, report.ReconstructionWeight)));
            Assert.That(losses.Weights!.Value.Classification, Is.Not.NaN, "an aggregation reports its coefficients as weights");
            Assert.That(losses.Phase, Is.Null);
            Assert.That(losses.ReconstructionGateOpen, Is.Null);
        }
    }

    [Test]
    public void FixedWeightsAreNotReportedAndAGateOrAPhaseIs()
    {
        using var net = NewNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var weighted = new WeightedTrainer(net, optimizer);
        using var gated = new GatedTrainer(net, optimizer);
        using var phased = new PhasedTrainer(net, optimizer, totalSteps: 8);

        var fixedWeights = TrainerSteps.Losses(weighted.Step(batch.Images, batch.Labels));
        var gate = gated.Step(batch.Images, batch.Labels);
        var phase = phased.Step(batch.Images, batch.Labels);

        Assert.That(fixedWeights.Weights, Is.Null);
        Assert.That(TrainerSteps.Losses(gate).ReconstructionGateOpen, Is.EqualTo(gate.ReconstructionGateOpen));
        Assert.That(TrainerSteps.Losses(gate).Reconstruction, Is.NaN, "the gate is closed for an untrained classifier");
        Assert.That(TrainerSteps.Losses(phase).Phase, Is.EqualTo(1));
        Assert.That(TrainerSteps.Losses(phase).Classification, Is.NaN, "phase 1 trains reconstruction alone");
    }

    [Test]
    public void DBMtlReportsItsLossesNotTheirLogarithms()
    {
        // The first step's losses are those of the initial weights, the same for every strategy.
        using var net = NewNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var dbMtl = (IDigitsTrainer)new LogLossAggregationTrainer(net, optimizer, new DBMtlAttribute());
        using var otherNet = NewNet();
        using var otherOptimizer = optim.Adam(otherNet.parameters(), 0.01);
        using var weighted = (IDigitsTrainer)new WeightedTrainer(otherNet, otherOptimizer);

        var logLosses = dbMtl.Train(batch.Images, batch.Labels);
        var losses = weighted.Train(batch.Images, batch.Labels);

        Assert.That(logLosses.Classification, Is.EqualTo(losses.Classification).Within(1e-5));
        Assert.That(logLosses.Reconstruction, Is.EqualTo(losses.Reconstruction).Within(1e-6));
        Assert.That(logLosses.Total, Is.EqualTo(Math.Log(losses.Classification) + Math.Log(losses.Reconstruction)).Within(1e-4), "the total is the sum of the logarithms");
        Assert.That(logLosses.Weights!.Value.Classification, Is.NaN, "DB-MTL reports no effective weights");
    }

    private static DigitsNet NewNet()
    {
        torch.manual_seed(3);
        return new DigitsNet();
    }
}
