using System;
using System.Linq;
using NUnit.Framework;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class MgdaTests
{
    private const double Tolerance = 1e-12;

    [Test]
    public void TorchJd_s_golden_values_hold()
    {
        // torchjd's test_values: MGDAWeighting(J·Jᵀ) = [0.6, 0.4], MGDA(J) = [0, 1, 1]. Exactly so: Sener & Koltun's
        // closed form for two gradients gives α = (g2 − g1)ᵀg2/‖g1 − g2‖² = 60/100.
        var (result, weights) = JacobianHarness.Aggregate(new Mgda(), ConeInputs.TorchJdBase);

        Assert.That(weights, Is.EqualTo(new[] { 0.6, 0.4 }).Within(Tolerance));
        Assert.That(result, Is.EqualTo(new[] { 0.0, 1.0, 1.0 }).Within(Tolerance));
    }

    [Test]
    public void L2_normalisation_combines_the_unit_gradients()
    {
        // ‖g1‖ = √18, ‖g2‖ = √38: the unit gradients have equal norms, so the min-norm point is their midpoint, and the
        // coefficients of the original gradients are ½/‖g_i‖ (LibMTL's mgda_gn = 'l2').
        var (result, weights) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.L2), ConeInputs.TorchJdBase);

        var expected = new[] { 0.5 / Math.Sqrt(18), 0.5 / Math.Sqrt(38) };
        Assert.That(weights, Is.EqualTo(expected).Within(Tolerance));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(ConeInputs.TorchJdBase, expected)).Within(Tolerance));
    }

    [Test]
    public void Loss_normalisation_divides_each_gradient_by_its_loss()
    {
        // LibMTL's mgda_gn = 'loss': ĝ_i = g_i/L_i; the coefficients of the original gradients are α_i/L_i.
        var rows = ConeInputs.Random(3, 5, 3, 60);
        double[] values = [0.5, 2.0, 8.0];
        var normalised = rows.Select((r, i) => r.Select(x => x / values[i]).ToArray()).ToArray();
        var alpha = ConeOracles.MinNorm(ConeOracles.Gramian(normalised));

        var (result, weights) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.Loss), rows, values);

        Assert.That(weights, Is.EqualTo(alpha.Select((a, i) => a / values[i]).ToArray()).Within(1e-9));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(normalised, alpha)).Within(1e-9));
    }

    [Test]
    public void Loss_plus_normalisation_divides_each_gradient_by_its_loss_and_its_norm()
    {
        // LibMTL's mgda_gn = 'loss+': ĝ_i = g_i/(L_i·‖g_i‖).
        var rows = ConeInputs.Random(3, 5, 3, 61);
        double[] values = [0.5, 2.0, 8.0];
        var normalised = rows.Select((r, i) => r.Select(x => x / (values[i] * Math.Sqrt(ConeOracles.Dot(r, r)))).ToArray()).ToArray();

        var (result, _) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.LossPlus), rows, values);

        Assert.That(result, Is.EqualTo(ConeOracles.Combine(normalised, ConeOracles.MinNorm(ConeOracles.Gramian(normalised)))).Within(1e-9));
    }

    [Test]
    public void A_zero_loss_counts_as_the_floor()
    {
        // A loss of 0 would divide by 0: it counts as 1e-8, so its gradient dominates the normalised set and the
        // min-norm point leans away from it.
        double[][] rows = [[1.0, 0.0], [0.0, 1.0]];

        var (result, weights) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.Loss), rows, [0.0, 1.0]);

        Assert.That(weights.All(double.IsFinite) && result.All(double.IsFinite), Is.True);
        // ĝ = (1e8, 0) and (0, 1): the min-norm point of their hull is ≈ (1e-8, 1), all but the second gradient.
        Assert.That(result, Is.EqualTo(new[] { 0.0, 1.0 }).Within(1e-6));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void The_result_is_the_min_norm_point_every_support_tried_finds(int seed)
    {
        var rows = ConeInputs.Random(5, 8, 5, 40 + seed);
        var unit = rows.Select(r => r.Select(x => x / Math.Sqrt(ConeOracles.Dot(r, r))).ToArray()).ToArray();

        var (plain, _) = JacobianHarness.Aggregate(new Mgda(), rows);
        var (normalised, _) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.L2), rows);

        Assert.That(plain, Is.EqualTo(ConeOracles.Combine(rows, ConeOracles.MinNorm(ConeOracles.Gramian(rows)))).Within(1e-9));
        Assert.That(normalised, Is.EqualTo(ConeOracles.Combine(unit, ConeOracles.MinNorm(ConeOracles.Gramian(unit)))).Within(1e-9));
    }

    [Test]
    public void With_L2_normalisation_scaling_a_loss_changes_nothing()
    {
        // The normalisation's purpose: the result does not depend on each loss's scale (its declared weight included).
        var rows = ConeInputs.Random(4, 6, 4, 50);
        var (result, _) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.L2), rows);

        var (scaled, _) = JacobianHarness.Aggregate(new Mgda(MgdaNormalization.L2), ConeInputs.ScaleRows(rows, [0.01, 3.0, 100.0, 1e-6]));

        Assert.That(scaled, Is.EqualTo(result).Within(1e-10));
    }

    [Test]
    public void Without_normalisation_the_result_scales_with_the_gradients_and_leans_to_the_smaller_one()
    {
        var rows = ConeInputs.Random(4, 6, 4, 51);
        var (result, _) = JacobianHarness.Aggregate(new Mgda(), rows);
        var (doubled, _) = JacobianHarness.Aggregate(new Mgda(), rows.Select(r => r.Select(x => 2.5 * x).ToArray()).ToArray());
        Assert.That(doubled, Is.EqualTo(result.Select(x => 2.5 * x).ToArray()).Within(1e-10));

        // Two orthogonal gradients of norms 1 and 10: the min-norm point is (100·g1 + g2)/101, mostly the small one.
        var (_, weights) = JacobianHarness.Aggregate(new Mgda(), [[1.0, 0.0], [0.0, 10.0]]);
        Assert.That(weights, Is.EqualTo(new[] { 100 / 101.0, 1 / 101.0 }).Within(Tolerance));
    }

    [TestCase(MgdaNormalization.None)]
    [TestCase(MgdaNormalization.L2)]
    public void A_zero_gradient_makes_the_result_zero(MgdaNormalization normalization)
    {
        // 0 is in the convex hull: the shared parameters are Pareto-stationary and MGDA stops moving them.
        var (result, weights) = JacobianHarness.Aggregate(new Mgda(normalization), [[1.0, 2.0], [0.0, 0.0], [-3.0, 1.0]]);

        Assert.That(result, Is.EqualTo(new[] { 0.0, 0.0 }).Within(Tolerance));
        Assert.That(weights, Is.EqualTo(new[] { 0.0, 1.0, 0.0 }).Within(Tolerance));
    }

    [Test]
    public void One_loss_gives_its_gradient_or_its_direction()
    {
        Assert.That(JacobianHarness.Aggregate(new Mgda(), [[3.0, -4.0]]).Result, Is.EqualTo(new[] { 3.0, -4.0 }).Within(Tolerance));
        Assert.That(JacobianHarness.Aggregate(new Mgda(MgdaNormalization.L2), [[3.0, -4.0]]).Result, Is.EqualTo(new[] { 0.6, -0.8 }).Within(Tolerance));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Mgda((MgdaNormalization)7));
        Assert.That(new Mgda(MgdaNormalization.L2).Normalization, Is.EqualTo(MgdaNormalization.L2));
        Assert.That(new MgdaAttribute().Normalization, Is.EqualTo(MgdaNormalization.None));
        using var created = new MgdaAttribute { Normalization = MgdaNormalization.L2 }.Create();
        Assert.That(((Mgda)created).Normalization, Is.EqualTo(MgdaNormalization.L2));
    }
}
