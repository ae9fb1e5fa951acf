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

    public static IEnumerable<string> StrategyNames => StrategyRegistry.Available.Select(s => s.Name);

    /// <summary>MoCo and DB-MTL combine moving averages of the gradients, not a step's own, so no weight describes a step.</summary>
    private static readonly string[] WithoutStepWeights = ["graddrop", "moco", "dbmtl"];

    [TestCaseSource(nameof(StrategyNames))]
    public void EveryStrategyTrainsWithFiniteValuesAndEveryMethodReportsItsWeights(string strategy)
    {
        var steps = Train(strategy, 20);

        Assert.That(steps.Select(s => s.Total).All(double.IsFinite), Is.True, "finite totals");
        var losses = steps.SelectMany(s => new[] { s.Classification, s.Reconstruction }).Where(v => !double.IsNaN(v)).ToList();
        Assert.That(losses, Is.Not.Empty);
        Assert.That(losses, Is.All.GreaterThanOrEqualTo(0.0), "a loss is NaN only when the step did not compute it");
        var weights = steps.Where(s => s.Weights is not null).Select(s => s.Weights!.Value).ToList();
        if (weights.Count == 0) return;
        Assert.That(weights, Has.Count.EqualTo(steps.Count), "a method reports weights in every step");
        if (WithoutStepWeights.Contains(strategy))
        {
            Assert.That(weights.Select(w => w.Classification).Concat(weights.Select(w => w.Reconstruction)), Is.All.NaN);
        }
        else
        {
            Assert.That(weights.Select(w => w.Classification).Concat(weights.Select(w => w.Reconstruction)).All(double.IsFinite), Is.True);
        }
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

    [Test]
    public void UncertaintyStartsAtHalfAndTrainsTheWeightsByTheLossesSizes()
    {
        var steps = Train("uncertainty", 60);

        Assert.That(steps[0].Weights, Is.EqualTo(new LossWeights(0.5, 0.5)), "s = 0 on the first step: ½·e⁰·1");
        foreach (var step in steps)
        {
            var weights = step.Weights!.Value;
            // w_i = ½·e^(−s_i), so s_i = −ln(2·w_i), and the total is Σ w_i·L_i + ½·s_i.
            var halfLogVariances = -0.5 * (Math.Log(2 * weights.Classification) + Math.Log(2 * weights.Reconstruction));
            Assert.That(step.Total, Is.EqualTo(weights.Classification * step.Classification + weights.Reconstruction * step.Reconstruction + halfLogVariances).Within(1e-5));
        }
        // d/ds(½·e^(−s)·L + ½·s) = ½·(1 − e^(−s)·L), so with s near 0 the optimizer raises s (lowers the weight) for a loss
        // above 1 and lowers s (raises the weight) for one below 1: the log-variances are trained.
        Assert.That(steps.Select(s => s.Reconstruction), Is.All.LessThan(1.0));
        var reconstructionWeights = steps.Select(s => s.Weights!.Value.Reconstruction).ToList();
        Assert.That(reconstructionWeights, Is.Ordered.Ascending.And.Unique, "reconstruction's weight rises every step");
        var whileClassificationAboveOne = steps.TakeWhile(s => s.Classification > 1.0).Select(s => s.Weights!.Value.Classification).ToList();
        Assert.That(whileClassificationAboveOne, Has.Count.GreaterThan(3), "an untrained classifier starts at ~2.3");
        Assert.That(whileClassificationAboveOne, Is.Ordered.Descending.And.Unique, "classification's weight falls while its loss is above 1");
        Assert.That(steps[^1].Classification, Is.LessThan(steps[0].Classification), "it learns");
    }

    [Test]
    public void DwaKeepsWeightOneForTwoEpochsThenSetsThemFromTheRatioOfTheLastTwoEpochMeans()
    {
        torch.manual_seed(Seed);
        using var net = new DigitsNet();
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var trainer = Named("dwa").CreateTrainer(net, optimizer, totalSteps: 100);
        var epochTrainer = (IMultiLossTrainer)trainer;
        var epochs = new List<List<StepLosses>>();
        for (var epoch = 0; epoch < 4; epoch++)
        {
            var steps = new List<StepLosses>();
            for (var i = 0; i < 5; i++) steps.Add(trainer.Train(batch.Images, batch.Labels));
            epochs.Add(steps);
            epochTrainer.EndEpoch();
        }

        Assert.That(epochs.Take(2).SelectMany(e => e).Select(s => s.Weights), Is.All.EqualTo(new LossWeights(1.0, 1.0)));
        for (var epoch = 2; epoch < 4; epoch++)
        {
            var expected = DwaWeights(epochs[epoch - 2], epochs[epoch - 1]);
            Assert.That(epochs[epoch].Select(s => s.Weights!.Value), Is.All.EqualTo(epochs[epoch][0].Weights!.Value), "constant within an epoch");
            var weights = epochs[epoch][0].Weights!.Value;
            Assert.That(weights.Classification, Is.EqualTo(expected.Classification).Within(1e-9), $"epoch {epoch + 1}");
            Assert.That(weights.Reconstruction, Is.EqualTo(expected.Reconstruction).Within(1e-9), $"epoch {epoch + 1}");
            Assert.That(weights.Classification + weights.Reconstruction, Is.EqualTo(2.0).Within(1e-12), "K = 2 losses");
            foreach (var step in epochs[epoch])
            {
                Assert.That(step.Total, Is.EqualTo(weights.Classification * step.Classification + weights.Reconstruction * step.Reconstruction).Within(1e-5));
            }
        }
        Assert.That(epochs[2][0].Weights, Is.Not.EqualTo(new LossWeights(1.0, 1.0)));
    }

    [Test]
    public void DwaWithoutEpochEndsKeepsWeightOne()
    {
        var steps = Train("dwa", 20);

        Assert.That(steps.Select(s => s.Weights), Is.All.EqualTo(new LossWeights(1.0, 1.0)));
    }

    [Test]
    public void GradNormStartsAtOneKeepsTheWeightsSummingToTwoAndFavoursTheSlowerLoss()
    {
        var steps = Train("gradnorm", 60);

        Assert.That(steps[0].Weights, Is.EqualTo(new LossWeights(1.0, 1.0)), "the declared weights, both 1");
        foreach (var step in steps)
        {
            var weights = step.Weights!.Value;
            Assert.That(weights.Classification + weights.Reconstruction, Is.EqualTo(2.0).Within(1e-5), "renormalised to the number of losses");
            Assert.That(step.Total, Is.EqualTo(weights.Classification * step.Classification + weights.Reconstruction * step.Reconstruction).Within(1e-5));
        }
        // On 16 images classification falls by orders of magnitude while reconstruction halves: relative to its first
        // value, reconstruction trains more slowly, so GradNorm gives it the larger weight.
        Assert.That(steps[^1].Classification / steps[0].Classification, Is.LessThan(steps[^1].Reconstruction / steps[0].Reconstruction));
        Assert.That(steps[^1].Weights!.Value.Reconstruction, Is.GreaterThan(1.05));
        Assert.That(steps[^1].Classification, Is.LessThan(steps[0].Classification), "it learns");
    }

    [Test]
    public void PCGradProjectsConflictingGradientsAtTheBodyAndGivesTheHeadsTheWeightedSum()
    {
        const double lr = 0.1;
        using var scope = torch.NewDisposeScope();
        // The per-loss gradients of the body's parameters at the initial weights, as the weighted strategy weights them.
        torch.manual_seed(Seed);
        using var reference = new DigitsNet();
        var initial = Parameters(reference);
        var body = reference.Body.parameters().ToArray();
        var (logits, recon) = reference.forward(batch.Images);
        var classification = DigitsLosses.Classification(logits, batch.Labels);
        classification.backward(retain_graph: true);
        var gc = Flat(body.Select(p => p.grad!.clone()));
        foreach (var p in body) p.grad!.zero_();
        DigitsLosses.Reconstruction(recon, batch.Images).mul(0.5).backward();
        var gr = Flat(body.Select(p => p.grad!.clone()));
        var dot = gc.dot(gr).item<float>();
        Assert.That(dot, Is.Negative, "precondition: the two losses' gradients conflict at the body on this batch");
        // Yu et al.: each projected onto the normal plane of the other, then summed.
        var expectedBodyGradient = gc.sub(gr.mul(dot / gr.dot(gr).item<float>())).add(gr.sub(gc.mul(dot / gc.dot(gc).item<float>())));

        var pcgrad = OneSgdStep("pcgrad", lr);
        var weighted = OneSgdStep("weighted", lr);

        var bodyNames = initial.Keys.Where(name => name.StartsWith("body.", StringComparison.Ordinal)).ToList();
        var headNames = initial.Keys.Except(bodyNames).ToList();
        Assert.That(bodyNames, Is.Not.Empty);
        Assert.That(headNames, Is.Not.Empty);
        var bodyGradient = Flat(bodyNames.Select(name => initial[name].sub(pcgrad[name]).div(lr)));
        Assert.That(bodyGradient.sub(expectedBodyGradient).abs().max().item<float>(), Is.LessThan(1e-5f), "the body's gradient is the projected sum");
        Assert.That(bodyGradient.sub(gc.add(gr)).abs().max().item<float>(), Is.GreaterThan(1e-4f), "and not the plain sum");
        foreach (var name in headNames)
        {
            Assert.That(pcgrad[name].sub(weighted[name]).abs().max().item<float>(), Is.LessThan(1e-6f), $"{name}: a head is updated as by the weighted strategy");
        }
    }

    /// <summary>A fresh network (same seed) after one step of <paramref name="strategy"/> with plain SGD: parameters by name.</summary>
    private Dictionary<string, Tensor> OneSgdStep(string strategy, double lr)
    {
        torch.manual_seed(Seed);
        using var net = new DigitsNet();
        using var optimizer = optim.SGD(net.parameters(), lr);
        using var trainer = Named(strategy).CreateTrainer(net, optimizer, totalSteps: 1);
        trainer.Train(batch.Images, batch.Labels);
        return Parameters(net);
    }

    private static Dictionary<string, Tensor> Parameters(DigitsNet net) =>
        net.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    private static Tensor Flat(IEnumerable<Tensor> tensors) => torch.cat(tensors.Select(t => t.flatten()).ToArray());

    /// <summary>λ = 2·softmax(r/2), r_i = mean of loss i over <paramref name="last"/> / its mean over <paramref name="before"/>.</summary>
    internal static LossWeights DwaWeights(IReadOnlyCollection<StepLosses> before, IReadOnlyCollection<StepLosses> last)
    {
        var rc = last.Average(s => s.Classification) / before.Average(s => s.Classification);
        var rr = last.Average(s => s.Reconstruction) / before.Average(s => s.Reconstruction);
        return DwaWeights(rc, rr);
    }

    internal static LossWeights DwaWeights(double classificationRatio, double reconstructionRatio)
    {
        var ec = Math.Exp(classificationRatio / 2);
        var er = Math.Exp(reconstructionRatio / 2);
        return new LossWeights(2 * ec / (ec + er), 2 * er / (ec + er));
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
