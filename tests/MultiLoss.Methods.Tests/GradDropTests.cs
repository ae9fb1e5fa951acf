using System;
using System.Linq;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>GradDrop (Chen et al. 2020) on per-sample gradients chosen by the test, and the representation mode's contract around it.</summary>
[TestFixture]
public sealed class GradDropTests
{
    private static readonly double[][] PositiveInputs = [[1.0, 2.0], [0.5, 3.0]];

    [Test]
    public void A_leak_of_one_passes_every_gradient()
    {
        double[][][] gradients = [[[1.0, -2.0], [0.5, 1.0]], [[-3.0, 1.0], [2.0, -1.0]]];
        using var harness = new RepresentationHarness(new GradDrop(leak: 1.0, seed: 3), losses: 2, batch: 2, features: 2);

        var result = harness.Run(gradients, PositiveInputs);

        Assert.That(result, Is.EqualTo(Sum(gradients)).Within(1e-12));
    }

    [Test]
    public void Gradients_that_agree_in_sign_are_all_kept()
    {
        // Feature 0: every loss pushes up; feature 1: every loss pushes down. P is 1 (resp. 0) up to ε, so no draw drops them.
        double[][][] gradients = [[[1.0, -2.0], [0.5, -1.0]], [[3.0, -1.0], [2.0, -0.5]], [[0.1, -0.2], [0.3, -0.4]]];
        using var harness = new RepresentationHarness(new GradDrop(seed: 5), losses: 3, batch: 2, features: 2);

        for (var step = 0; step < 20; step++)
        {
            Assert.That(harness.Run(gradients, PositiveInputs), Is.EqualTo(Sum(gradients)).Within(1e-12), $"step {step}");
        }
    }

    [Test]
    public void A_conflicting_feature_keeps_the_positive_side_with_probability_P()
    {
        // One sample, one feature: loss 1 pushes +3, loss 2 pushes −1, so P = ½·(1 + 2/4) = 0.75 and the result is +3 or −1.
        double[][][] gradients = [[[3.0]], [[-1.0]]];
        using var harness = new RepresentationHarness(new GradDrop(seed: 17), losses: 2, batch: 1, features: 1);
        const int Draws = 2000;

        var positive = 0;
        for (var draw = 0; draw < Draws; draw++)
        {
            var value = harness.Run(gradients, [[1.0]])[0][0];
            Assert.That(value, Is.EqualTo(3.0).Or.EqualTo(-1.0), "exactly one side survives");
            if (value > 0) positive++;
        }

        // Binomial(2000, 0.75): the standard deviation is about 19, so ±80 is more than four of them.
        Assert.That(positive, Is.InRange(0.75 * Draws - 80, 0.75 * Draws + 80));
    }

    [Test]
    public void The_signs_of_the_inputs_decide_which_gradients_count_as_agreeing()
    {
        // Two samples, one feature; loss 1 pushes both up (+3, +3), loss 2 pushes them apart (−1, +1).
        double[][][] gradients = [[[3.0], [3.0]], [[-1.0], [1.0]]];
        using var harness = new RepresentationHarness(new GradDrop(seed: 19), losses: 2, batch: 2, features: 1);

        // Inputs (+1, +1): G = (6, 0), P ≈ 1, so loss 1 survives and loss 2 (G = 0) does not.
        Assert.That(harness.Run(gradients, [[1.0], [1.0]]), Is.EqualTo(new[] { new[] { 3.0 }, new[] { 3.0 } }).Within(1e-12));
        // Inputs (+1, −1): G = (0, −2), P ≈ 0, so loss 2 survives and loss 1 (G = 0) does not.
        Assert.That(harness.Run(gradients, [[1.0], [-1.0]]), Is.EqualTo(new[] { new[] { -1.0 }, new[] { 1.0 } }).Within(1e-12));
    }

    [Test]
    public void Each_sample_is_masked_by_its_feature_alone()
    {
        // Feature 0 conflicts, feature 1 agrees: feature 1 keeps the sum whatever feature 0 draws.
        double[][][] gradients = [[[2.0, 1.0], [1.0, 2.0]], [[-1.0, 0.5], [-2.0, 0.5]]];
        using var harness = new RepresentationHarness(new GradDrop(seed: 23), losses: 2, batch: 2, features: 2);

        for (var step = 0; step < 10; step++)
        {
            var result = harness.Run(gradients, PositiveInputs);
            Assert.That(new[] { result[0][1], result[1][1] }, Is.EqualTo(new[] { 1.5, 2.5 }).Within(1e-12));
            var keptFirst = result[0][0] > 0;
            Assert.That(new[] { result[0][0], result[1][0] }, Is.EqualTo(keptFirst ? new[] { 2.0, 1.0 } : new[] { -1.0, -2.0 }).Within(1e-12),
                "both samples keep the same loss at a feature");
        }
    }

    [Test]
    public void The_random_state_resumes_the_same_masks()
    {
        double[][][] gradients = [[[2.0, -1.0, 0.5]], [[-1.0, 2.0, -0.5]]];
        double[][] inputs = [[1.0, 1.0, 1.0]];
        using var original = new RepresentationHarness(new GradDrop(seed: 29), losses: 2, batch: 1, features: 3);
        for (var step = 0; step < 5; step++) original.Run(gradients, inputs);
        var state = ((GradDrop)original.Method).RandomState;
        var expected = Enumerable.Range(0, 5).Select(_ => original.Run(gradients, inputs)[0]).ToArray();

        using var resumed = new RepresentationHarness(new GradDrop(seed: 0), losses: 2, batch: 1, features: 3);
        ((GradDrop)resumed.Method).RandomState = state;
        var actual = Enumerable.Range(0, 5).Select(_ => resumed.Run(gradients, inputs)[0]).ToArray();

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void The_uniform_draws_are_the_top_53_bits_of_SplitMix64()
    {
        ulong a = 41, b = 41;
        for (var i = 0; i < 100; i++)
        {
            var draw = SeededRandom.NextUniform(ref a);
            Assert.That(draw, Is.EqualTo((SeededRandom.Next(ref b) >> 11) * Math.Pow(2, -53)));
            Assert.That(draw, Is.GreaterThanOrEqualTo(0.0).And.LessThan(1.0));
        }
    }

    [Test]
    public void Without_a_representation_GradDrop_refuses_to_start()
    {
        var ex = Assert.Throws<NotSupportedException>(() => JacobianHarness.Aggregate(new GradDrop(), [[1.0, 0.0], [0.0, 1.0]]));
        Assert.That(ex!.Message, Does.Contain("[AggregateAt"));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void A_leak_outside_zero_to_one_is_rejected(double leak) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradDrop(leak));

    [Test]
    public void A_method_that_tracks_gradients_refuses_representation_mode()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new RepresentationHarness(new MoCo(), losses: 2, batch: 1, features: 2).Dispose());
        Assert.That(ex!.Message, Does.Contain("without [AggregateAt]"));
    }

    [Test]
    public void A_method_without_coefficients_at_a_representation_names_the_problem()
    {
        using var harness = new RepresentationHarness(new SumWithoutCoefficients(), losses: 2, batch: 1, features: 2);

        var ex = Assert.Throws<InvalidOperationException>(() => harness.Run([[[1.0, 0.0]], [[0.0, 1.0]]], [[1.0, 1.0]]));
        Assert.That(ex!.Message, Does.Contain("reported no coefficients").And.Contain(RepresentationHarness.Output));
    }

    [Test]
    public void A_method_with_coefficients_weights_every_sample_alike()
    {
        // The coefficients come from the gradients summed over the batch; each sample's gradient is combined with them.
        double[][][] gradients = [[[1.0, 0.0], [2.0, 1.0]], [[0.0, 3.0], [-1.0, 1.0]]];
        using var harness = new RepresentationHarness(new HalfAndTwice(), losses: 2, batch: 2, features: 2);

        var result = harness.Run(gradients, PositiveInputs);

        Assert.That(result, Is.EqualTo(new[] { new[] { 0.5, 6.0 }, new[] { -1.0, 2.5 } }).Within(1e-12));
    }

    private static double[][] Sum(double[][][] gradients) =>
        Enumerable.Range(0, gradients[0].Length)
            .Select(b => Enumerable.Range(0, gradients[0][0].Length).Select(f => gradients.Sum(g => g[b][f])).ToArray())
            .ToArray();

    /// <summary>Sums the rows but reports no coefficients, as a method whose result is not a combination would.</summary>
    private sealed class SumWithoutCoefficients : GradientAggregationMethod
    {
        protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients) => result.copy_(jacobian.sum(dim: 0));
    }

    /// <summary>The coefficients ½ and 2, whatever the gradients.</summary>
    private sealed class HalfAndTwice : GradientAggregationMethod
    {
        protected override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients) =>
            CombineRows(jacobian, [0.5, 2.0], result, coefficients);
    }
}
