using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class SmoothTchebycheffTests
{
    private const double Tolerance = 1e-9;
    private static readonly double[] Declared = { 1.0, 0.5, 2.0, 1.0 };

    private readonly List<IDisposable> disposables = new();

    [TearDown]
    public void DisposeModels()
    {
        for (var i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
        disposables.Clear();
    }

    private SmoothTchebycheff Create(double mu, int warmupEpochs, bool logLosses = true, double[]? declared = null)
    {
        var model = new TinyModel();
        var optimizer = torch.optim.SGD(model.All, 0.1);
        disposables.Add(model);
        disposables.Add(optimizer);
        var method = new SmoothTchebycheff(mu, warmupEpochs, logLosses);
        disposables.Add(method);
        return method.Initialized(Contexts.Of(model, optimizer, declared ?? Declared));
    }

    private static Tensor Leaf(double value) => torch.tensor(value, dtype: ScalarType.Float64, requires_grad: true);

    /// <summary>Observes one step's losses (null: not active).</summary>
    private static void Observe(SmoothTchebycheff method, params double?[] values)
    {
        using var scope = torch.NewDisposeScope();
        var losses = new Tensor?[values.Length];
        for (var i = 0; i < values.Length; i++) losses[i] = values[i] is { } v ? torch.tensor(v, dtype: ScalarType.Float32) : null;
        method.Observe(losses);
    }

    /// <summary>
    /// Two warm-up epochs: in the second, loss 0 has the mean 3 and loss 2 the mean 2; loss 1 was active in the first only
    /// (mean 0.5); loss 3 never.
    /// </summary>
    private static void WarmUp(SmoothTchebycheff method)
    {
        Observe(method, 10.0, 0.4, 7.0, null);
        Observe(method, null, 0.6, null, null);
        method.EndEpoch();
        Observe(method, 2.0, null, 1.0, null);
        Observe(method, 4.0, null, 1.0, null);
        Observe(method, null, null, 4.0, null);
        method.EndEpoch();
    }

    /// <summary>K·μ·log Σ exp(a_i) and K·softmax(a)_i with a_i = w_i·(f_i − z_i)/μ, written out.</summary>
    private static (double Total, double[] Shares) Scalarization(double mu, double[] f, double[] z, double[] w)
    {
        var a = new double[f.Length];
        for (var i = 0; i < a.Length; i++) a[i] = w[i] * (f[i] - z[i]) / mu;
        var sum = a.Sum(Math.Exp);
        var shares = a.Select(v => a.Length * Math.Exp(v) / sum).ToArray();
        return (a.Length * mu * Math.Log(sum), shares);
    }

    [Test]
    public void During_the_warm_up_the_total_is_the_log_loss()
    {
        var method = Create(mu: 0.5, warmupEpochs: 2);
        using var scope = torch.NewDisposeScope();
        var losses = new[] { Leaf(0.81), Leaf(1.69), Leaf(2.0), Leaf(0.5) };

        var total = method.Combine(losses);
        total.backward();

        Assert.That(method.IsWarmedUp, Is.False);
        var expected = 0.0;
        for (var i = 0; i < 4; i++) expected += Declared[i] * Math.Log(TinyModel.Value(losses[i]));
        Assert.That(TinyModel.Value(total), Is.EqualTo(expected).Within(Tolerance));
        for (var i = 0; i < 4; i++)
        {
            var weight = Declared[i] / TinyModel.Value(losses[i]);
            Assert.That(TinyModel.Value(losses[i].grad!), Is.EqualTo(weight).Within(Tolerance), $"gradient {i}");
            Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.EqualTo(weight).Within(Tolerance), $"weight {i}");
        }
    }

    [Test]
    public void After_the_warm_up_the_total_is_the_smooth_Tchebycheff_scalarization_of_the_log_losses()
    {
        const double mu = 0.5;
        var method = Create(mu, warmupEpochs: 2);
        WarmUp(method);
        using var scope = torch.NewDisposeScope();
        var values = new[] { 1.5, 0.6, 2.5, 0.8 };
        var losses = values.Select(Leaf).ToArray();

        var total = method.Combine(losses);
        total.backward();

        Assert.That(method.IsWarmedUp, Is.True);
        Assert.That(Enumerable.Range(0, 4).Select(method.Reference), Is.EqualTo(new[] { 3.0, 0.5, 2.0, 1.0 }).Within(1e-6),
            "each loss's mean over the last warm-up epoch it was active in; 1 for a loss never active");
        var (expected, shares) = Scalarization(mu, values.Select(v => Math.Log(v)).ToArray(), new[] { 3.0, 0.5, 2.0, 1.0 }.Select(v => Math.Log(v)).ToArray(), Declared);
        Assert.That(TinyModel.Value(total), Is.EqualTo(expected).Within(1e-6));
        for (var i = 0; i < 4; i++)
        {
            // ∂total/∂L_i = K·p_i·w_i/L_i
            var weight = shares[i] * Declared[i] / values[i];
            Assert.That(TinyModel.Value(losses[i].grad!), Is.EqualTo(weight).Within(1e-6), $"gradient {i}");
            Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.EqualTo(weight).Within(1e-6), $"weight {i}");
        }
        Assert.That(shares.Max() / shares.Min(), Is.GreaterThan(2.0), "the case is not degenerate: the weights differ");
    }

    [Test]
    public void Without_log_losses_the_warm_up_is_the_weighted_sum_and_the_references_are_the_means()
    {
        const double mu = 2.0;
        var method = Create(mu, warmupEpochs: 2, logLosses: false);
        using (var warm = torch.NewDisposeScope())
        {
            var early = new[] { Leaf(0.81), Leaf(1.69), Leaf(2.0), Leaf(0.5) };
            Assert.That(TinyModel.Value(method.Combine(early)), Is.EqualTo(0.81 + 0.5 * 1.69 + 2.0 * 2.0 + 0.5).Within(Tolerance));
            Assert.That(TinyModel.Value(method.EffectiveWeight(2)), Is.EqualTo(2.0).Within(Tolerance), "w_i");
        }
        WarmUp(method);
        using var scope = torch.NewDisposeScope();
        var values = new[] { 1.5, 0.6, 2.5, 0.8 };
        var losses = values.Select(Leaf).ToArray();

        var total = method.Combine(losses);
        total.backward();

        Assert.That(method.Reference(3), Is.EqualTo(0.0), "the ideal point 0 for a loss never active during the warm-up");
        var (expected, shares) = Scalarization(mu, values, new[] { 3.0, 0.5, 2.0, 0.0 }, Declared);
        Assert.That(TinyModel.Value(total), Is.EqualTo(expected).Within(1e-6));
        for (var i = 0; i < 4; i++)
        {
            Assert.That(TinyModel.Value(losses[i].grad!), Is.EqualTo(shares[i] * Declared[i]).Within(1e-6), $"gradient {i}");
            Assert.That(TinyModel.Value(method.EffectiveWeight(i)), Is.EqualTo(shares[i] * Declared[i]).Within(1e-6), $"weight {i}");
        }
    }

    [Test]
    public void Without_a_warm_up_the_scalarization_starts_at_once_around_the_unmeasured_reference()
    {
        const double mu = 1.0;
        var method = Create(mu, warmupEpochs: 0, declared: new[] { 1.0, 1.0 });
        using var scope = torch.NewDisposeScope();
        var losses = new[] { Leaf(2.0), Leaf(0.5) };

        var total = method.Combine(losses);

        Assert.That(method.IsWarmedUp, Is.True);
        // K·μ·log(exp(log 2) + exp(log 0.5)) = 2·log 2.5
        Assert.That(TinyModel.Value(total), Is.EqualTo(2 * Math.Log(2.5)).Within(Tolerance));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(2 * (2.0 / 2.5) / 2.0).Within(Tolerance));
    }

    [Test]
    public void A_loss_that_is_not_active_is_left_out_and_K_counts_the_active_ones()
    {
        const double mu = 0.5;
        var method = Create(mu, warmupEpochs: 2);
        WarmUp(method);
        using var scope = torch.NewDisposeScope();
        var l0 = Leaf(1.5);
        var l2 = Leaf(2.5);

        var total = method.Combine(new[] { l0, null, l2, null });
        total.backward();

        var (expected, shares) = Scalarization(mu, new[] { Math.Log(1.5), Math.Log(2.5) }, new[] { Math.Log(3.0), Math.Log(2.0) }, new[] { 1.0, 2.0 });
        Assert.That(TinyModel.Value(total), Is.EqualTo(expected).Within(1e-6));
        Assert.That(TinyModel.Value(l2.grad!), Is.EqualTo(shares[1] * 2.0 / 2.5).Within(1e-6));
        Assert.That(TinyModel.Value(method.EffectiveWeight(1)), Is.NaN);
        Assert.Throws<ArgumentException>(() => method.TotalOf(new Tensor?[4]));
        Assert.Throws<ArgumentException>(() => method.TotalOf(new[] { l0 }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_small_mu_neither_overflows_nor_loses_the_largest_term(bool logLosses)
    {
        const double mu = 1e-3;
        var method = Create(mu, warmupEpochs: 0, logLosses, declared: new[] { 1.0, 1.0 });
        using var scope = torch.NewDisposeScope();
        var losses = new[] { Leaf(1e30), Leaf(2.0) };

        var total = method.Combine(losses);
        total.backward();

        // exp(f/μ) overflows for either objective; the smooth maximum tends to K·max_i f_i, the largest term takes all the weight.
        var largest = logLosses ? Math.Log(1e30) : 1e30;
        Assert.That(TinyModel.Value(total), Is.EqualTo(2 * largest).Within(1e-9 * largest));
        Assert.That(TinyModel.Value(losses[0].grad!), Is.EqualTo(logLosses ? 2 / 1e30 : 2.0).Within(1e-9));
        Assert.That(TinyModel.Value(losses[1].grad!), Is.EqualTo(0.0));
    }

    [Test]
    public void A_log_loss_below_the_floor_counts_as_the_floor_with_weight_0()
    {
        var method = Create(mu: 1.0, warmupEpochs: 0, declared: new[] { 1.0, 1.0 });
        using var scope = torch.NewDisposeScope();
        var losses = new[] { Leaf(-1.0), Leaf(2.0) };

        var total = method.Combine(losses);
        total.backward();

        Assert.That(TinyModel.Value(total), Is.EqualTo(2 * Math.Log(1e-8 + 2.0)).Within(1e-9));
        Assert.That(TinyModel.Value(losses[0].grad!), Is.EqualTo(0.0));
        Assert.That(TinyModel.Value(method.EffectiveWeight(0)), Is.EqualTo(0.0));
    }

    [Test]
    public void Combine_changes_nothing_and_Observe_records_only_during_the_warm_up()
    {
        var method = Create(mu: 0.5, warmupEpochs: 1, declared: new[] { 1.0, 1.0 });
        var before = Contexts.SaveThroughBytes(method).Value("Weighting.References");
        using (var scope = torch.NewDisposeScope())
        {
            method.Combine(new[] { Leaf(2.0), Leaf(3.0) });
            using (torch.no_grad()) method.Combine(new[] { Leaf(2.0), Leaf(3.0) });
        }
        Assert.That(Contexts.SaveThroughBytes(method).Value("Weighting.References"), Is.EqualTo(before), "Combine changed the state");

        Observe(method, 2.0, 3.0);
        Observe(method, 4.0, null);
        method.EndEpoch();
        Assert.That(method.Reference(0), Is.EqualTo(3.0));
        Assert.That(method.Reference(1), Is.EqualTo(3.0));
        Observe(method, 100.0, 100.0);
        var after = Contexts.SaveThroughBytes(method);
        Assert.That(after.Value("Weighting.Epochs"), Is.EqualTo(new[] { 1.0 }), "epochs");
        Assert.That(after.Value("Weighting.References"), Is.EqualTo(new[] { 3.0, 3.0 }), "references");
        Assert.That(after.Value("Weighting.Epoch"), Is.EqualTo(new[] { 0.0, 0.0, 0.0, 0.0 }), "sums and counts: nothing recorded after the warm-up");
        method.EndEpoch();
        Assert.That(method.Reference(0), Is.EqualTo(3.0), "the references stay");
        Assert.That(method.CompletedEpochs, Is.EqualTo(2));
    }

    [Test]
    public void A_state_restored_mid_warm_up_gives_the_same_references_and_totals()
    {
        var uninterrupted = Create(mu: 0.5, warmupEpochs: 2);
        WarmUp(uninterrupted);

        var first = Create(mu: 0.5, warmupEpochs: 2);
        Observe(first, 10.0, 0.4, 7.0, null);
        Observe(first, null, 0.6, null, null);
        first.EndEpoch();
        Observe(first, 2.0, null, 1.0, null);
        var saved = Contexts.SaveThroughBytes(first);

        var resumed = Create(mu: 0.5, warmupEpochs: 2);
        resumed.RestoreState(new MethodState("Weighting.", saved));
        Assert.That(resumed.CompletedEpochs, Is.EqualTo(1));
        Observe(resumed, 4.0, null, 1.0, null);
        Observe(resumed, null, null, 4.0, null);
        resumed.EndEpoch();

        using var scope = torch.NewDisposeScope();
        var values = new[] { 1.5, 0.6, 2.5, 0.8 };
        for (var i = 0; i < 4; i++) Assert.That(resumed.Reference(i), Is.EqualTo(uninterrupted.Reference(i)), $"reference {i}");
        Assert.That(TinyModel.Value(resumed.Combine(values.Select(Leaf).ToArray())),
            Is.EqualTo(TinyModel.Value(uninterrupted.Combine(values.Select(Leaf).ToArray()))).Within(Tolerance));

        // The interrupted epoch's sums and counts were saved: without them loss 0's reference would be 4, not 3.
        var epoch = saved.Value("Weighting.Epoch");
        Assert.That(epoch[0], Is.EqualTo(2.0), "loss 0's sum in the interrupted epoch");
        Assert.That(epoch[4], Is.EqualTo(1.0), "and its count");
        Assert.That(resumed.Reference(0), Is.EqualTo(3.0));

        var other = Create(mu: 0.5, warmupEpochs: 2);
        Assert.Throws<ArgumentException>(() => other.RestoreState(new MethodState("Weighting.", Contexts.SaveThroughBytes(Create(0.5, 2, declared: new[] { 1.0, 1.0 })))));
    }

    [Test]
    public void Hyperparameters_are_checked_and_the_attribute_passes_them_on()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothTchebycheff(mu: 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothTchebycheff(mu: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothTchebycheff(warmupEpochs: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothTchebycheff(floor: 0.0));
        var defaults = (SmoothTchebycheff)new SmoothTchebycheffAttribute().Create();
        Assert.That((defaults.Mu, defaults.WarmupEpochs, defaults.LogLosses, defaults.Floor), Is.EqualTo((1.0, 5, true, 1e-8)));
        var set = (SmoothTchebycheff)new SmoothTchebycheffAttribute { Mu = 0.1, WarmupEpochs = 2, LogLosses = false, Floor = 1e-3 }.Create();
        Assert.That((set.Mu, set.WarmupEpochs, set.LogLosses, set.Floor), Is.EqualTo((0.1, 2, false, 1e-3)));
        defaults.Dispose();
        set.Dispose();

        // The bounds the generator checks where a trainer writes the values (ML0045).
        Assert.That(Bound<GreaterThanAttribute>(nameof(SmoothTchebycheffAttribute.Mu)).Bound, Is.EqualTo(0.0));
        Assert.That(Bound<AtLeastAttribute>(nameof(SmoothTchebycheffAttribute.WarmupEpochs)).Bound, Is.EqualTo(0.0));
        Assert.That(Bound<GreaterThanAttribute>(nameof(SmoothTchebycheffAttribute.Floor)).Bound, Is.EqualTo(0.0));
    }

    private static T Bound<T>(string property) where T : Attribute
        => (T)typeof(SmoothTchebycheffAttribute).GetProperty(property)!.GetCustomAttributes(typeof(T), false).Single();

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var model = new TinyModel();
        using var optimizer = torch.optim.Adam(model.All, lr: 0.01);
        using var method = new SmoothTchebycheff(0.5, warmupEpochs: 2).Initialized(Contexts.Of(model, optimizer, new[] { 1.0, 0.5, 2.0 }));
        var x = new[] { 1.0, 2.0 };

        void Step(int step)
        {
            using var scope = torch.NewDisposeScope();
            Gradients.SetToNone(optimizer);
            method.SetGradientsToNone();
            var losses = new[] { model.Loss(model.U, x, 1.0), step % 3 == 0 ? null : model.Loss(model.V, x, 0.0), model.Loss(model.Z, x, 0.0) };
            var total = method.Combine(losses);
            _ = TinyModel.Value(method.EffectiveWeight(0));
            method.Observe(losses);
            method.BeforeBackward(losses);
            total.backward();
            optimizer.step();
            method.AfterOptimizerStep();
            if (step % 10 == 9) method.EndEpoch();
        }

        // The first 30 steps cover the warm-up and the first steps after it.
        for (var i = 0; i < 30; i++) Step(i);
        var afterWarmUp = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 30; i < 200; i++) Step(i);

        Assert.That(method.IsWarmedUp, Is.True);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterWarmUp));
    }
}
