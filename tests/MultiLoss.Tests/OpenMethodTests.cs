using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using MultiLoss.Tests.UserMethods;
using MultiLoss.Methods;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// A trainer that takes its method at construction trains exactly as the trainer that names the same method: the same
/// parameters, bit for bit, and the same reported values, for every method of the catalogue.
/// </summary>
public sealed class OpenMethodTests
{
    /// <summary>A trainer that names its method, seen through what the test needs.</summary>
    public sealed record Named(IDisposable Trainer, Func<Tensor, Tensor, ITrainingReport> Step, Action EndEpoch, Func<TrainerState> Save);

    public enum Shape
    {
        SharedBody,
        SharedBodyLogLosses,
        EveryParameter,
        AtHidden,
    }

    private static IEnumerable<TestCaseData> Methods()
    {
        TestCaseData Case(string name, Shape shape, TrainingMethodAttribute method, Func<ThreeHeadNet, optim.Optimizer, Named> named)
            => new TestCaseData(shape, method, named).SetName($"{name} ({shape})");

        yield return Case("GradVac", Shape.SharedBody, new GradVacAttribute { Beta = 0.2, Seed = 5 }, (n, o) => { var t = new ThreeHeadGradVac(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("MoCo", Shape.SharedBody, new MoCoAttribute { Beta = 0.6, BetaDecay = 0.5, Gamma = 0.2, GammaDecay = 0.5, Rho = 0.5 }, (n, o) => { var t = new ThreeHeadMoCo(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("DB-MTL", Shape.SharedBodyLogLosses, new DBMtlAttribute { Beta = 0.8, BetaDecay = 0.5 }, (n, o) => { var t = new ThreeHeadDBMtl(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("FairGrad", Shape.SharedBody, new FairGradAttribute { Alpha = 2 }, (n, o) => { var t = new ThreeHeadFairGrad(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("GradNorm", Shape.SharedBody, new GradNormAttribute(), (n, o) => { var t = new ThreeHeadGradNorm(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("PCGrad", Shape.SharedBody, new PCGradAttribute(), (n, o) => { var t = new ThreeHeadPCGrad(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("ExcessMTL", Shape.SharedBody, new ExcessMtlAttribute { StepSize = 0.5 }, (n, o) => { var t = new ThreeHeadExcessMtl(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("IMTL-G", Shape.SharedBody, new ImtlGAttribute(), (n, o) => { var t = new ThreeHeadImtlG(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Nash-MTL", Shape.SharedBody, new NashMtlAttribute(), (n, o) => { var t = new ThreeHeadNashMtl(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Nash-MTL every third", Shape.SharedBody, new NashMtlAttribute { MaxNorm = 2.0, UpdateWeightsEvery = 3 }, (n, o) => { var t = new ThreeHeadNashMtlEveryThird(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Aligned-MTL", Shape.SharedBody, new AlignedMtlAttribute(), (n, o) => { var t = new ThreeHeadAlignedMtl(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Aligned-MTL mean", Shape.SharedBody, new AlignedMtlAttribute { Scale = AlignedMtlScale.Mean }, (n, o) => { var t = new ThreeHeadAlignedMtlMean(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("ConFIG", Shape.SharedBody, new ConFigAttribute(), (n, o) => { var t = new ThreeHeadConFig(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("MGDA L2", Shape.SharedBody, new MgdaAttribute { Normalization = MgdaNormalization.L2 }, (n, o) => { var t = new ThreeHeadMgda(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("CAGrad", Shape.SharedBody, new CAGradAttribute { C = 0.4, Rescale = CAGradRescale.OnePlusCSquared }, (n, o) => { var t = new ThreeHeadCaGrad(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("UPGrad", Shape.EveryParameter, new UPGradAttribute(), (n, o) => { var t = new ThreeHeadUpGrad(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Uncertainty", Shape.EveryParameter, new UncertaintyWeightingAttribute(), (n, o) => { var t = new ThreeHeadUncertainty(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("DWA", Shape.EveryParameter, new DynamicWeightAverageAttribute(), (n, o) => { var t = new ThreeHeadDwa(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("RLW", Shape.EveryParameter, new RandomLossWeightingAttribute { Seed = 7 }, (n, o) => { var t = new ThreeHeadRlw(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Running mean", Shape.EveryParameter, new RunningMeanWeightingAttribute { Beta = 0.8 }, (n, o) => { var t = new ThreeHeadRunningMeanEveryStep(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("FAMO", Shape.EveryParameter, new FamoAttribute(), (n, o) => { var t = new ThreeHeadFamo(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("GLS", Shape.EveryParameter, new GeometricLossStrategyAttribute(), (n, o) => { var t = new ThreeHeadGlsEveryStep(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("STCH", Shape.EveryParameter, new SmoothTchebycheffAttribute { Mu = 0.5, WarmupEpochs = 3 }, (n, o) => { var t = new ThreeHeadStch(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("IMTL-L", Shape.EveryParameter, new ImpartialLossScalingAttribute(), (n, o) => { var t = new ThreeHeadImtlL(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Log losses", Shape.EveryParameter, new ScaleInvariantLogLossAttribute(), (n, o) => { var t = new ThreeHeadLogLossEveryStep(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        // A shared layer changes nothing for a weighting method that does not look at gradients: the examples mark one
        // on their weighting trainers for GradNorm and ExcessMTL, and give them every weighting method.
        yield return Case("Uncertainty", Shape.SharedBody, new UncertaintyWeightingAttribute(), (n, o) => { var t = new ThreeHeadUncertainty(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("DWA", Shape.SharedBody, new DynamicWeightAverageAttribute(), (n, o) => { var t = new ThreeHeadDwa(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("RLW", Shape.SharedBody, new RandomLossWeightingAttribute { Seed = 7 }, (n, o) => { var t = new ThreeHeadRlw(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("FAMO", Shape.SharedBody, new FamoAttribute(), (n, o) => { var t = new ThreeHeadFamo(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("STCH", Shape.SharedBody, new SmoothTchebycheffAttribute { Mu = 0.5, WarmupEpochs = 3 }, (n, o) => { var t = new ThreeHeadStch(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("IMTL-L", Shape.SharedBody, new ImpartialLossScalingAttribute(), (n, o) => { var t = new ThreeHeadImtlL(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("UPGrad", Shape.AtHidden, new UPGradAttribute(), (n, o) => { var t = new ThreeHeadUpGradAtHidden(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("Nash-MTL", Shape.AtHidden, new NashMtlAttribute { MaxNorm = 0 }, (n, o) => { var t = new ThreeHeadNashAtHidden(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("MGDA", Shape.AtHidden, new MgdaAttribute(), (n, o) => { var t = new ThreeHeadMgdaAtHidden(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
        yield return Case("GradDrop", Shape.AtHidden, new GradDropAttribute { Leak = 0.2, Seed = 11 }, (n, o) => { var t = new ThreeHeadGradDrop(n, o); return new(t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState); });
    }

    [TestCaseSource(nameof(Methods))]
    public void Trains_exactly_as_the_trainer_that_names_the_method(Shape shape, TrainingMethodAttribute method, Func<ThreeHeadNet, optim.Optimizer, Named> named)
    {
        using var run = new ThreeHeadRun(seed: 91);
        var reference = named(run.Hand, run.HandOptimizer);
        using var referenceTrainer = reference.Trainer;
        var (open, step, endEpoch, save) = Open(shape, run.Generated, run.GeneratedOptimizer, method);
        using var openTrainer = open;

        run.Train(6, (i, x, y) =>
        {
            var expected = reference.Step(x, y);
            var actual = step(x, y);
            var names = actual.Layout.Names;
            for (var v = 0; v < expected.Layout.Count; v++)
            {
                var name = expected.Layout.Names[v];
                var index = IndexOf(names, name);
                Assert.That(index, Is.GreaterThanOrEqualTo(0), name);
                Assert.That(actual.GetValue(index), Is.EqualTo(expected.GetValue(v)), $"{name} at step {i + 1}");
            }
            if (i % 2 == 1)
            {
                reference.EndEpoch();
                endEpoch();
            }
        });

        run.AssertParametersEqual(tolerance: 0);
        var expectedState = reference.Save();
        var actualState = save();
        Assert.That(actualState.Values.Keys, Is.EquivalentTo(expectedState.Values.Keys), "the method's state under the same names");
        foreach (var (key, value) in expectedState.Values) Assert.That(actualState.Values[key], Is.EqualTo(value), key);
    }

    [Test]
    public void A_method_that_needs_a_shared_layer_is_refused_when_the_trainer_first_uses_it()
    {
        using var run = new ThreeHeadRun(seed: 92);
        using var trainer = new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, new GradNormAttribute());

        Assert.That(() => run.Train(1, (_, x, y) => trainer.Step(x, y)), Throws.ArgumentException
            .With.Message.StartsWith("ML0046: The trainer 'MultiLoss.Tests.Trainers.ThreeHeadOpen' needs exactly one [SharedLayer] member for [GradNorm]")
            .And.Property(nameof(ArgumentException.ParamName)).EqualTo("Method"));
        run.AssertParametersEqual(tolerance: 0);
    }

    [Test]
    public void A_method_is_checked_against_the_trainer_in_the_words_of_the_diagnostics()
    {
        using var run = new ThreeHeadRun(seed: 93);
        Assert.Multiple(() =>
        {
            Refused(new ThreeHeadOpenAtHidden(run.Generated, run.GeneratedOptimizer, new UncertaintyWeightingAttribute()), run,
                "ML0056: The trainer 'MultiLoss.Tests.Trainers.ThreeHeadOpenAtHidden' declares [AggregateAt(\"hidden\")], but [UncertaintyWeighting] is not a gradient-aggregation method");
            Refused(new ThreeHeadOpenAtHidden(run.Generated, run.GeneratedOptimizer, new MoCoAttribute()), run,
                "ML0056: The trainer 'MultiLoss.Tests.Trainers.ThreeHeadOpenAtHidden' declares [AggregateAt(\"hidden\")], but [MoCo] works only on the gradients of the shared parameters");
            Refused(new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, new GradDropAttribute()), run,
                "ML0057: The trainer 'MultiLoss.Tests.Trainers.ThreeHeadOpen' uses [GradDrop], which works on the gradients of a representation");
            Refused(new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, new CAGradAttribute { C = -1 }), run,
                "ML0045: The trainer 'MultiLoss.Tests.Trainers.ThreeHeadOpen' uses [CAGrad] with C = -1; it must be a finite number ≥ 0");
        });
    }

    [Test]
    public void A_trainer_given_no_method_says_where_to_put_one()
    {
        using var run = new ThreeHeadRun(seed: 94);
        using var trainer = new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, null);

        Assert.That(() => trainer.SaveState(), Throws.InvalidOperationException.With.Message.Contains("takes its method from 'Method', which is null"));
    }

    [Test]
    public void An_open_method_leaves_no_tensor_behind()
    {
        using var run = new ThreeHeadRun(seed: 95);
        foreach (var method in new TrainingMethodAttribute[] { new UPGradAttribute(), new UncertaintyWeightingAttribute(), new FamoAttribute() })
        {
            using var trainer = new ThreeHeadOpen(run.Generated, run.GeneratedOptimizer, method);
            // The first step and evaluation create the buffers the trainer keeps.
            run.Train(1, (_, x, y) => trainer.Step(x, y).ToString());
            run.Train(1, (_, x, y) => trainer.Evaluate(x, y).ToString());
            var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            run.Train(3, (_, x, y) => trainer.Step(x, y).ToString());
            run.Train(2, (_, x, y) => trainer.Evaluate(x, y).ToString());
            Assert.That(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before), MethodRequirements.DisplayName(method));
        }
    }

    private static void Refused(ThreeHeadOpen trainer, ThreeHeadRun run, string message) => RefusedCore(trainer, () => run.Train(1, (_, x, y) => trainer.Step(x, y)), message);

    private static void Refused(ThreeHeadOpenAtHidden trainer, ThreeHeadRun run, string message) => RefusedCore(trainer, () => run.Train(1, (_, x, y) => trainer.Step(x, y)), message);

    private static void RefusedCore(IDisposable trainer, Action step, string message)
    {
        using (trainer) Assert.That(() => step(), Throws.ArgumentException.With.Message.StartsWith(message));
    }

    private static (IDisposable Trainer, Func<Tensor, Tensor, ITrainingReport> Step, Action EndEpoch, Func<TrainerState> Save) Open(
        Shape shape, ThreeHeadNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
    {
        switch (shape)
        {
            case Shape.SharedBody:
            {
                var t = new ThreeHeadOpenShared(net, optimizer, method);
                return (t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState);
            }
            case Shape.SharedBodyLogLosses:
            {
                var t = new ThreeHeadOpenLogShared(net, optimizer, method);
                return (t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState);
            }
            case Shape.EveryParameter:
            {
                var t = new ThreeHeadOpen(net, optimizer, method);
                return (t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState);
            }
            default:
            {
                var t = new ThreeHeadOpenAtHidden(net, optimizer, method);
                return (t, (x, y) => t.Step(x, y), t.EndEpoch, t.SaveState);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        return -1;
    }
}
