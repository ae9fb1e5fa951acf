using System;
using System.Collections.Generic;
using System.Linq;
using Digits.Data;
using Digits.Model;
using Digits.Strategies;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Examples.Tests;

/// <summary>Each strategy's trainer on a small batch of the shipped digits: which losses a step computes, and its total.</summary>
public sealed class StrategyTrainerTests
{
    private const int Seed = 3;
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

    private static Strategy Named(string name) => StrategyRegistry.Available.Single(s => s.Name == name);

    /// <summary>Trains a fresh network (same seed, same initial weights) on the batch for <paramref name="steps"/> steps.</summary>
    private List<StepLosses> Train(string strategy, int steps, int totalSteps = 100)
    {
        torch.manual_seed(Seed);
        using var net = new DigitsNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var trainer = Named(strategy).CreateTrainer(net, optimizer, totalSteps);
        var losses = new List<StepLosses>();
        for (var i = 0; i < steps; i++) losses.Add(trainer.Train(batch.Images, batch.Labels));
        return losses;
    }

    [Test]
    public void SeparateComputesBothLossesAndMatchesWeightedToFloatPrecision()
    {
        var separate = Train("separate", 10);
        var weighted = Train("weighted", 10);

        foreach (var (s, w) in separate.Zip(weighted))
        {
            Assert.That(s.Total, Is.EqualTo(s.Classification + 0.5 * s.Reconstruction).Within(1e-5));
            Assert.That(s.Classification, Is.EqualTo(w.Classification).Within(1e-5), "separate backward accumulates the same gradient");
            Assert.That(s.Reconstruction, Is.EqualTo(w.Reconstruction).Within(1e-5));
            Assert.That(s.Phase, Is.Null);
            Assert.That(s.ReconstructionGateOpen, Is.Null);
        }
        Assert.That(separate[^1].Classification, Is.LessThan(separate[0].Classification), "it learns");
    }

    [Test]
    public void GatedComputesReconstructionOnlyWhileClassificationIsBelowTheThreshold()
    {
        // 16 images overfit quickly: classification falls from ~2.3 through the threshold within a few hundred steps.
        var steps = Train("gated", 300);

        Assert.That(steps[0].ReconstructionGateOpen, Is.False, "an untrained classifier is far above the threshold");
        Assert.That(steps.Any(s => s.ReconstructionGateOpen == true), Is.True, "the gate opens once classification is low");
        foreach (var step in steps)
        {
            if (step.ReconstructionGateOpen == true)
            {
                Assert.That(step.Classification, Is.LessThan(GatedTrainer.Threshold));
                Assert.That(step.Total, Is.EqualTo(step.Classification + 0.5 * step.Reconstruction).Within(1e-5), "Add: both are backpropagated");
            }
            else
            {
                Assert.That(step.ReconstructionGateOpen, Is.False);
                Assert.That(step.Classification, Is.GreaterThanOrEqualTo(GatedTrainer.Threshold));
                Assert.That(step.Reconstruction, Is.NaN, "not computed while the gate is closed");
                Assert.That(step.Total, Is.EqualTo(step.Classification).Within(1e-6));
            }
        }
    }

    [Test]
    public void PhasedPretrainsOnReconstructionForAQuarterOfTheRunThenTrainsBoth()
    {
        var steps = Train("phased", 12, totalSteps: 12);

        Assert.That(steps.Select(s => s.Phase), Is.EqualTo(new int?[] { 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2 }));
        foreach (var step in steps.Take(3))
        {
            Assert.That(step.Classification, Is.NaN, "phase 1 does not compute classification");
            Assert.That(step.Total, Is.EqualTo(0.5 * step.Reconstruction).Within(1e-6));
        }
        foreach (var step in steps.Skip(3))
        {
            Assert.That(double.IsFinite(step.Classification), Is.True);
            Assert.That(step.Total, Is.EqualTo(step.Classification + 0.5 * step.Reconstruction).Within(1e-5));
        }
        Assert.That(steps.Skip(3).Select(s => s.ReconstructionGateOpen), Is.All.Null);
    }

    [TestCase(1, 1)]
    [TestCase(3, 1)]
    [TestCase(1800, 450)]
    public void PhaseOneIsAQuarterOfTheStepsAndAtLeastOne(int totalSteps, int expected)
    {
        using var net = new DigitsNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var trainer = new PhasedTrainer(net, optimizer, totalSteps);

        Assert.That(trainer.PretrainingSteps, Is.EqualTo(expected));
    }
}
