using System;
using System.Collections.Generic;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>A method that takes the logarithm of each loss refuses one below 0 at the first step it is active.</summary>
[TestFixture]
public sealed class NegativeLossTests
{
    private readonly List<IDisposable> disposables = [];

    [TearDown]
    public void DisposeAll()
    {
        for (var i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
        disposables.Clear();
    }

    private static IEnumerable<TestCaseData> LogMethods()
    {
        yield return new TestCaseData(new Func<LossWeightingMethod>(() => new Famo()), "FAMO").SetName("FAMO");
        yield return new TestCaseData(new Func<LossWeightingMethod>(() => new ScaleInvariantLogLoss()), "ScaleInvariantLogLoss").SetName("Scale-invariant log loss");
        yield return new TestCaseData(new Func<LossWeightingMethod>(() => new GeometricLossStrategy()), "GeometricLossStrategy").SetName("GLS");
        yield return new TestCaseData(new Func<LossWeightingMethod>(() => new SmoothTchebycheff(warmupEpochs: 0)), "SmoothTchebycheff").SetName("STCH with log-losses");
        yield return new TestCaseData(new Func<LossWeightingMethod>(() => new SmoothTchebycheff(warmupEpochs: 2)), "SmoothTchebycheff").SetName("STCH in its warm-up");
    }

    private T Initialized<T>(T method) where T : LossWeightingMethod
    {
        var model = new TinyModel();
        var optimizer = torch.optim.SGD(model.All, 0.1);
        disposables.Add(model);
        disposables.Add(optimizer);
        disposables.Add(method);
        return method.Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 1.0 }));
    }

    private static Tensor Leaf(double value) => torch.tensor(value, dtype: ScalarType.Float64, requires_grad: true);

    [TestCaseSource(nameof(LogMethods))]
    public void A_negative_loss_at_the_first_step_is_refused_with_the_loss_and_the_fix(Func<LossWeightingMethod> create, string name)
    {
        var method = Initialized(create());
        using var scope = NewDisposeScope();

        var error = Assert.Throws<InvalidOperationException>(() => method.TotalOf(new Tensor?[] { Leaf(1.0), Leaf(-0.5) }))!;

        Assert.That(error.Message, Does.StartWith($"{name} in '{Contexts.Trainer}' takes the logarithm of each loss, but the loss 'L2' is -0.5 at its first step"));
        Assert.That(error.Message, Does.Contain("shift the loss to be at least 0"));
    }

    [TestCaseSource(nameof(LogMethods))]
    public void Losses_of_at_least_zero_are_taken(Func<LossWeightingMethod> create, string name)
    {
        var method = Initialized(create());
        using var scope = NewDisposeScope();

        Assert.That(method.TotalOf(new Tensor?[] { Leaf(0.0), Leaf(2.0) }).requires_grad, Is.True, name);
    }

    [Test]
    public void A_loss_is_checked_at_the_first_step_it_is_active()
    {
        var method = Initialized(new ScaleInvariantLogLoss());
        using var scope = NewDisposeScope();

        method.TotalOf(new Tensor?[] { Leaf(1.0), null });
        Assert.Throws<InvalidOperationException>(() => method.TotalOf(new Tensor?[] { Leaf(1.0), Leaf(-2.0) }), "L2's first step");
        Assert.DoesNotThrow(() => method.TotalOf(new Tensor?[] { Leaf(-1.0), Leaf(1.0) }), "L1 was checked at its first step only (one host read per loss)");
    }

    [Test]
    public void Methods_without_logarithms_take_negative_losses()
    {
        var methods = new LossWeightingMethod[] { new SmoothTchebycheff(warmupEpochs: 0, logLosses: false), new DynamicWeightAverage(), new UncertaintyWeighting() };
        foreach (var method in methods)
        {
            Initialized(method);
            using var scope = NewDisposeScope();
            Assert.DoesNotThrow(() => method.TotalOf(new Tensor?[] { Leaf(-1.0), Leaf(-2.0) }), method.GetType().Name);
        }
    }
}
