using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class DynamicWeightAverageTests
{
    private const double Tolerance = 1e-6;
    private static readonly double[] Declared = { 1.0, 2.0, 0.5 };

    /// <summary>A DWA over <paramref name="declared"/>, initialized with a context of its own (disposed after the test).</summary>
    private DynamicWeightAverage Create(double[] declared, double temperature = 2.0)
    {
        var model = new TinyModel();
        var optimizer = torch.optim.SGD(model.All, 0.1);
        disposables.Add(model);
        disposables.Add(optimizer);
        var dwa = new DynamicWeightAverage(temperature);
        disposables.Add(dwa);
        return dwa.Initialized(Contexts.Of(model, optimizer, declared));
    }

    private readonly List<IDisposable> disposables = new();

    [TearDown]
    public void DisposeModels()
    {
        for (var i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
        disposables.Clear();
    }

    /// <summary>Observes loss <paramref name="i"/> alone (the others not active) once per value.</summary>
    private static void Record(DynamicWeightAverage dwa, int i, params double[] losses)
    {
        var step = new Tensor?[dwa.LossCount];
        foreach (var value in losses)
        {
            using var loss = torch.tensor(value, dtype: ScalarType.Float32);
            step[i] = loss;
            dwa.Observe(step);
        }
    }

    /// <summary>K·softmax(r/T) written out.</summary>
    private static double[] Lambdas(double[] r, double temperature)
    {
        var e = new double[r.Length];
        var sum = 0.0;
        for (var i = 0; i < r.Length; i++)
        {
            e[i] = Math.Exp(r[i] / temperature);
            sum += e[i];
        }
        for (var i = 0; i < r.Length; i++) e[i] = r.Length * e[i] / sum;
        return e;
    }

    private static void AssertWeights(DynamicWeightAverage dwa, double[] lambdas, string when)
    {
        for (var i = 0; i < lambdas.Length; i++)
        {
            Assert.That(dwa.Lambda(i), Is.EqualTo(lambdas[i]).Within(Tolerance), $"λ_{i} {when}");
            Assert.That(dwa.WeightValue(i), Is.EqualTo(lambdas[i] * Declared[i]).Within(Tolerance), $"weight {i} {when}");
            Assert.That(TinyModel.Value(dwa.EffectiveWeight(i)), Is.EqualTo(lambdas[i] * Declared[i]).Within(Tolerance), $"effective weight {i} {when}");
        }
        // The total weighs each loss with the same weights.
        using var scope = torch.NewDisposeScope();
        var losses = new Tensor?[lambdas.Length];
        var expected = 0.0;
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = torch.tensor(i + 1.0, dtype: ScalarType.Float64);
            expected += (i + 1.0) * lambdas[i] * Declared[i];
        }
        Assert.That(TinyModel.Value(dwa.Combine(losses)), Is.EqualTo(expected).Within(Tolerance), $"total {when}");
    }

    [Test]
    public void Lambdas_over_three_epochs_match_the_hand_computation()
    {
        var dwa = Create(Declared, temperature: 2.0);
        AssertWeights(dwa, new[] { 1.0, 1.0, 1.0 }, "during epoch 1");

        // Epoch 1 means: 3, 1, 0.5.
        Record(dwa, 0, 2.0, 4.0);
        Record(dwa, 1, 1.0, 1.0, 1.0);
        Record(dwa, 2, 0.5);
        Assert.That(dwa.RecordedCount(1), Is.EqualTo(3));
        dwa.EndEpoch();
        AssertWeights(dwa, new[] { 1.0, 1.0, 1.0 }, "during epoch 2");
        Assert.That(dwa.LastEpochMean(0), Is.EqualTo(3.0).Within(Tolerance));

        // Epoch 2 means: 1.5, 2, and loss 2 not recorded: it keeps 0.5.
        Record(dwa, 0, 1.5, 1.5);
        Record(dwa, 1, 2.0);
        dwa.EndEpoch();
        // r = (1.5/3, 2/1, 0.5/0.5) = (0.5, 2, 1).
        var epoch3 = Lambdas(new[] { 0.5, 2.0, 1.0 }, 2.0);
        AssertWeights(dwa, epoch3, "during epoch 3");
        Assert.That(epoch3[0] + epoch3[1] + epoch3[2], Is.EqualTo(3.0).Within(1e-12), "λ sums to K");

        // Epoch 3 means: 0.75, 2, 0.25: r = (0.75/1.5, 2/2, 0.25/0.5) = (0.5, 1, 0.5).
        Record(dwa, 0, 0.75);
        Record(dwa, 1, 1.0, 3.0);
        Record(dwa, 2, 0.25, 0.25);
        dwa.EndEpoch();
        AssertWeights(dwa, Lambdas(new[] { 0.5, 1.0, 0.5 }, 2.0), "during epoch 4");
        Assert.That(dwa.CompletedEpochs, Is.EqualTo(3));
    }

    [Test]
    public void The_temperature_sharpens_or_flattens_the_weights()
    {
        var sharp = Create(new[] { 1.0, 1.0 }, temperature: 0.5);
        Record(sharp, 0, 1.0);
        Record(sharp, 1, 1.0);
        sharp.EndEpoch();
        Record(sharp, 0, 2.0);
        Record(sharp, 1, 1.0);
        sharp.EndEpoch();
        // r = (2, 1), T = 0.5: λ = 2·softmax(4, 2).
        var expected = Lambdas(new[] { 2.0, 1.0 }, 0.5);
        Assert.That(sharp.Lambda(0), Is.EqualTo(expected[0]).Within(Tolerance));
        Assert.That(sharp.Lambda(0), Is.EqualTo(2 * Math.Exp(4) / (Math.Exp(4) + Math.Exp(2))).Within(Tolerance));
    }

    [Test]
    public void A_loss_never_recorded_has_ratio_one()
    {
        var dwa = Create(new[] { 1.0, 1.0 });
        Record(dwa, 0, 1.0);
        dwa.EndEpoch();
        Record(dwa, 0, 4.0);
        dwa.EndEpoch();
        // r = (4, 1): loss 1 has no mean at all.
        var expected = Lambdas(new[] { 4.0, 1.0 }, 2.0);
        Assert.That(dwa.Lambda(0), Is.EqualTo(expected[0]).Within(Tolerance));
        Assert.That(dwa.Lambda(1), Is.EqualTo(expected[1]).Within(Tolerance));
        Assert.That(dwa.LastEpochMean(1), Is.NaN);
    }

    [Test]
    public void Observing_a_loss_with_a_graph_leaves_its_graph_alone_and_the_weights_combine_it()
    {
        var dwa = Create(new[] { 1.0, 3.0 });
        using var scope = torch.NewDisposeScope();
        var parameter = torch.tensor(2.0, dtype: ScalarType.Float64).requires_grad_();
        var loss = parameter.square();
        var losses = new Tensor?[] { loss, loss };

        dwa.Observe(losses);
        dwa.Combine(losses).backward();

        Assert.That(TinyModel.Value(parameter.grad!), Is.EqualTo(4 * 2.0 * 2.0).Within(Tolerance), "d/dp (1 + 3)·p² at p = 2");
        dwa.EndEpoch();
        Assert.That(dwa.LastEpochMean(1), Is.EqualTo(4.0).Within(Tolerance));
    }

    [Test]
    public void Observe_allocates_nothing_in_steady_state()
    {
        var dwa = Create(new[] { 1.0, 1.0 });
        using var loss = torch.tensor(1.5, dtype: ScalarType.Float32);
        var first = new Tensor?[] { loss, null };
        var second = new Tensor?[] { null, loss };
        using var _ = torch.no_grad();
        dwa.Observe(first);
        dwa.Observe(second);
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 200; i++) dwa.Observe(i % 2 == 0 ? first : second);

        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(liveBefore), "no tensor created");
        Assert.That(bytes, Is.Zero, "no managed allocation when gradients are already off");
        Assert.That(dwa.RecordedCount(0), Is.EqualTo(101));
        Assert.That(dwa.RecordedCount(1), Is.EqualTo(101));
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        var dwa = Create(Declared);
        using var parameter = torch.tensor(0.5, dtype: ScalarType.Float64).requires_grad_();
        var losses = new Tensor?[3];

        void Step(int step)
        {
            using var scope = torch.NewDisposeScope();
            for (var i = 0; i < 3; i++) losses[i] = parameter.mul(i + 1.0).square();
            var total = dwa.Combine(losses);
            for (var i = 0; i < 3; i++) _ = TinyModel.Value(dwa.EffectiveWeight(i));
            dwa.Observe(losses);
            total.backward();
            if (step % 10 == 9) dwa.EndEpoch();
        }

        Step(0);
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++) Step(step);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
        Assert.That(dwa.CompletedEpochs, Is.EqualTo(20));
    }

    [Test]
    public void State_round_trip_through_trainer_state_bytes_resumes_mid_epoch()
    {
        var uninterrupted = Create(Declared);
        var interrupted = Create(Declared);
        void Epoch(DynamicWeightAverage dwa, double scale, bool end = true)
        {
            Record(dwa, 0, 3.0 * scale, 1.0 * scale);
            Record(dwa, 1, 1.0 * scale);
            Record(dwa, 2, 0.5 / scale);
            if (end) dwa.EndEpoch();
        }

        Epoch(uninterrupted, 1.0);
        Epoch(uninterrupted, 0.5);
        Epoch(uninterrupted, 0.8);
        Epoch(interrupted, 1.0);
        Epoch(interrupted, 0.5);
        Epoch(interrupted, 0.8, end: false);
        var saved = Contexts.SaveThroughBytes(interrupted);
        var resumed = Create(Declared);
        resumed.RestoreState(new MethodState("Weighting.", saved));

        Assert.That(resumed.CompletedEpochs, Is.EqualTo(2));
        Assert.That(resumed.RecordedCount(0), Is.EqualTo(2), "the current epoch's records are part of the state");
        for (var i = 0; i < 3; i++) Assert.That(resumed.Lambda(i), Is.EqualTo(interrupted.Lambda(i)).Within(1e-12), $"λ_{i} at the save");
        resumed.EndEpoch();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(resumed.LastEpochMean(i), Is.EqualTo(uninterrupted.LastEpochMean(i)).Within(Tolerance), $"mean of loss {i}");
            Assert.That(resumed.WeightValue(i), Is.EqualTo(uninterrupted.WeightValue(i)).Within(Tolerance), $"weight {i} after the epoch");
            Assert.That(TinyModel.Value(resumed.EffectiveWeight(i)), Is.EqualTo(uninterrupted.WeightValue(i)).Within(Tolerance), $"effective weight {i}");
        }
        Assert.That(Enumerable.Range(0, 3).Select(uninterrupted.Lambda).Distinct().Count(), Is.EqualTo(3), "the case is not degenerate");
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicWeightAverage(temperature: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicWeightAverage(temperature: double.PositiveInfinity));
        var dwa = Create(new[] { 1.0, 1.0 });
        using var loss = torch.tensor(1.0);
        Assert.Throws<ArgumentException>(() => dwa.Observe(new Tensor?[] { loss, loss, loss }));
        Assert.Throws<ArgumentOutOfRangeException>(() => dwa.EffectiveWeight(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => dwa.Lambda(2));
        Assert.Throws<InvalidOperationException>(() => new DynamicWeightAverage().EndEpoch(), "not initialized");
    }
}
