using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting.Tests;

[TestFixture]
public sealed class DynamicWeightAverageTests
{
    private const double Tolerance = 1e-6;
    private static readonly double[] Declared = { 1.0, 2.0, 0.5 };

    private static void Record(DynamicWeightAverage dwa, int i, params double[] losses)
    {
        foreach (var value in losses)
        {
            using var loss = torch.tensor(value, dtype: ScalarType.Float32);
            dwa.Record(i, loss);
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
            Assert.That(dwa.Weight(i).ToDouble(), Is.EqualTo(lambdas[i] * Declared[i]).Within(Tolerance), $"Scalar weight {i} {when}");
        }
    }

    [Test]
    public void Lambdas_over_three_epochs_match_the_hand_computation()
    {
        using var dwa = new DynamicWeightAverage(Declared, temperature: 2.0);
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
        using var sharp = new DynamicWeightAverage(new[] { 1.0, 1.0 }, temperature: 0.5);
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
        using var dwa = new DynamicWeightAverage(new[] { 1.0, 1.0 });
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
    public void Recording_a_loss_with_a_graph_leaves_its_graph_alone_and_the_weight_is_usable_in_a_sum()
    {
        using var dwa = new DynamicWeightAverage(new[] { 1.0, 3.0 });
        using var scope = torch.NewDisposeScope();
        var parameter = torch.tensor(2.0, dtype: ScalarType.Float64).requires_grad_();
        var loss = parameter.square();

        dwa.Record(0, loss);
        dwa.Record(1, loss);
        var sum = new LossSum();
        sum.Add(loss, dwa.Weight(0));
        sum.Add(loss, dwa.Weight(1));
        sum.Total.backward();

        Assert.That(TinyModel.Value(parameter.grad!), Is.EqualTo(4 * 2.0 * 2.0).Within(Tolerance), "d/dp (1 + 3)·p² at p = 2");
        dwa.EndEpoch();
        Assert.That(dwa.LastEpochMean(1), Is.EqualTo(4.0).Within(Tolerance));
    }

    [Test]
    public void Record_allocates_nothing_in_steady_state()
    {
        using var dwa = new DynamicWeightAverage(new[] { 1.0, 1.0 });
        using var loss = torch.tensor(1.5, dtype: ScalarType.Float32);
        using var _ = torch.no_grad();
        dwa.Record(0, loss);
        dwa.Record(1, loss);
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 200; i++) dwa.Record(i % 2, loss);

        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(liveBefore), "no tensor created");
        Assert.That(bytes, Is.Zero, "no managed allocation when gradients are already off");
    }

    [Test]
    public void Live_tensor_count_is_stable_over_200_steps()
    {
        using var dwa = new DynamicWeightAverage(Declared);
        using var parameter = torch.tensor(0.5, dtype: ScalarType.Float64).requires_grad_();

        void Step(int step)
        {
            using var scope = torch.NewDisposeScope();
            var sum = new LossSum();
            for (var i = 0; i < 3; i++)
            {
                var loss = parameter.mul(i + 1.0).square();
                dwa.Record(i, loss);
                sum.Add(loss, dwa.Weight(i));
            }
            sum.Total.backward();
            if (step % 10 == 9) dwa.EndEpoch();
        }

        Step(0);
        var afterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var step = 1; step < 200; step++) Step(step);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(afterFirst));
        Assert.That(dwa.CompletedEpochs, Is.EqualTo(20));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicWeightAverage(new[] { 1.0 }, temperature: 0));
        using var dwa = new DynamicWeightAverage(new[] { 1.0, 1.0 });
        using var loss = torch.tensor(1.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => dwa.Record(2, loss));
    }
}
