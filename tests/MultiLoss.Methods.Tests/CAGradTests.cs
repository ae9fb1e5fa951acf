using System;
using System.Linq;
using NUnit.Framework;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class CAGradTests
{
    private const double Tolerance = 1e-9;

    [Test]
    public void TorchJd_s_golden_values_hold()
    {
        // torchjd's test_values with c = 0.5 (torchjd does not rescale): CAGradWeighting(J·Jᵀ) = [0.7041, 0.5000],
        // CAGrad(J) = [0.1835, 1.2041, 1.2041], to 1e-4.
        var (result, weights) = JacobianHarness.Aggregate(new CAGrad(0.5), ConeInputs.TorchJdBase);

        Assert.That(weights, Is.EqualTo(new[] { 0.7041, 0.5 }).Within(1e-4));
        Assert.That(result, Is.EqualTo(new[] { 0.1835, 1.2041, 1.2041 }).Within(1e-4));
    }

    [TestCase(CAGradRescale.None, 1.0)]
    [TestCase(CAGradRescale.OnePlusCSquared, 1.25)]
    [TestCase(CAGradRescale.OnePlusC, 1.5)]
    public void The_exact_direction_is_worked_out_by_hand(CAGradRescale rescale, double divisor)
    {
        // g0 = (1, 1, 1), g_w = (6 − 10·w1, 1, 1) and F = 6 − 10·w1 + 2 + ½·√3·‖g_w‖ falls as w1 grows (its derivative in
        // x = 6 − 10·w1 is 1 + ½√3·x/√(x² + 2) > 0): w = (1, 0), g_w = g1, and d = g0 + ½·√3/√18·g1.
        var (result, weights) = JacobianHarness.Aggregate(new CAGrad(0.5, rescale), ConeInputs.TorchJdBase);

        var expected = new[] { (0.5 + 0.5 * Math.Sqrt(3.0 / 18)) / divisor, 0.5 / divisor };
        Assert.That(weights, Is.EqualTo(expected).Within(Tolerance));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(ConeInputs.TorchJdBase, expected)).Within(Tolerance));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void The_result_is_the_direction_a_search_over_the_simplex_finds(int seed)
    {
        var rows = ConeInputs.Random(3, 5, 3, 110 + seed);

        var (result, _) = JacobianHarness.Aggregate(new CAGrad(0.4), rows);

        var expected = ConeOracles.CAGrad(ConeOracles.Gramian(rows), 0.4, out _);
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(rows, expected)).Within(1e-6 * Math.Sqrt(ConeInputs.SquaredNorm(rows))));
    }

    [Test]
    public void With_c_zero_the_result_is_the_mean_gradient()
    {
        var rows = ConeInputs.Random(4, 6, 4, 120);

        var (result, weights) = JacobianHarness.Aggregate(new CAGrad(0.0), rows);

        Assert.That(weights, Is.EqualTo(new[] { 0.25, 0.25, 0.25, 0.25 }));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(rows, weights)).Within(1e-12));
    }

    [Test]
    public void Scaling_every_gradient_scales_the_result()
    {
        var rows = ConeInputs.Random(5, 7, 5, 121);
        var (result, _) = JacobianHarness.Aggregate(new CAGrad(0.5), rows);

        var (scaled, _) = JacobianHarness.Aggregate(new CAGrad(0.5), rows.Select(r => r.Select(x => 1e3 * x).ToArray()).ToArray());

        Assert.That(scaled, Is.EqualTo(result.Select(x => 1e3 * x).ToArray()).Within(1e-6));
    }

    [Test]
    public void With_c_below_one_the_result_may_conflict_and_from_one_on_it_does_not()
    {
        // g2 = −2·g1: no direction within c·‖g0‖ < ‖g0‖ of g0 = −g1/2 is orthogonal to g1, so the best one conflicts with g1.
        double[][] rows = [[1.0, 0.0], [-2.0, 0.0]];

        var (below, _) = JacobianHarness.Aggregate(new CAGrad(0.5), rows);
        var (one, _) = JacobianHarness.Aggregate(new CAGrad(1.0), rows);

        Assert.That(below, Is.EqualTo(new[] { -0.25, 0.0 }).Within(Tolerance), "d = (c/2 − 1/2)·g1");
        Assert.That(ConeOracles.Dot(rows[0], below), Is.LessThan(0));
        Assert.That(one, Is.EqualTo(new[] { 0.0, 0.0 }).Within(Tolerance));
    }

    [Test]
    public void One_loss_gives_its_gradient_times_one_plus_c()
    {
        Assert.That(JacobianHarness.Aggregate(new CAGrad(0.5), [[3.0, -4.0]]).Result, Is.EqualTo(new[] { 4.5, -6.0 }).Within(Tolerance));
        Assert.That(JacobianHarness.Aggregate(new CAGrad(0.5, CAGradRescale.OnePlusC), [[3.0, -4.0]]).Result, Is.EqualTo(new[] { 3.0, -4.0 }).Within(Tolerance));
    }

    [Test]
    public void Arguments_are_checked()
    {
        // As torchjd's test_c_check: negative c is refused, 0 and 50 are not.
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CAGrad(-5.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CAGrad(-1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CAGrad(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CAGrad(0.5, (CAGradRescale)3));
        Assert.DoesNotThrow(() => new CAGrad(0.0).Dispose());
        Assert.DoesNotThrow(() => new CAGrad(50.0).Dispose());
        var attribute = new CAGradAttribute();
        Assert.That((attribute.C, attribute.Rescale), Is.EqualTo((0.5, CAGradRescale.None)));
        using var created = new CAGradAttribute { C = 2.0, Rescale = CAGradRescale.OnePlusCSquared }.Create();
        Assert.That((((CAGrad)created).C, ((CAGrad)created).Rescale), Is.EqualTo((2.0, CAGradRescale.OnePlusCSquared)));
    }
}
