using System;
using System.Linq;
using NUnit.Framework;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class DualProjTests
{
    private const double Tolerance = 1e-12;

    [Test]
    public void TorchJd_s_golden_values_hold_with_its_regularisation()
    {
        // torchjd's test_values (norm_eps = reg_eps = 0.0001): DualProjWeighting(J·Jᵀ) = [0.6109, 0.5000],
        // DualProj(J) = [0.5563, 1.1109, 1.1109], to 1e-4.
        var (result, weights) = JacobianHarness.Aggregate(new DualProj(regularization: 1e-4), ConeInputs.TorchJdBase);

        Assert.That(weights, Is.EqualTo(new[] { 0.6109, 0.5 }).Within(1e-4));
        Assert.That(result, Is.EqualTo(new[] { 0.5563, 1.1109, 1.1109 }).Within(1e-4));
    }

    [Test]
    public void The_exact_projection_is_worked_out_by_hand()
    {
        // The mean (1, 1, 1) has g1·mean = −2 < 0: v1 is freed, 18·v1 = 22·½, v = (11/18, ½), result (5/9, 10/9, 10/9).
        var (result, weights) = JacobianHarness.Aggregate(new DualProj(), ConeInputs.TorchJdBase);

        Assert.That(weights, Is.EqualTo(new[] { 11 / 18.0, 0.5 }).Within(Tolerance));
        Assert.That(result, Is.EqualTo(new[] { 5 / 9.0, 10 / 9.0, 10 / 9.0 }).Within(Tolerance));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void The_result_is_the_projection_every_free_set_tried_finds(int seed)
    {
        var rows = ConeInputs.Random(6, 8, 6, 90 + seed);

        var (result, weights) = JacobianHarness.Aggregate(new DualProj(), rows);

        var expected = ConeOracles.DualProj(ConeOracles.Gramian(rows));
        Assert.That(weights, Is.EqualTo(expected).Within(1e-9));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(rows, expected)).Within(1e-9));
    }

    [Test]
    public void A_mean_in_the_cone_is_returned_as_it_is_and_the_result_scales_with_the_gradients()
    {
        double[][] rows = [[1.0, -0.5, 0.0], [0.2, 1.0, 0.1], [-0.3, 0.0, 2.0]];
        var (result, weights) = JacobianHarness.Aggregate(new DualProj(), rows);
        Assert.That(weights, Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(Tolerance));

        var (scaled, _) = JacobianHarness.Aggregate(new DualProj(), rows.Select(r => r.Select(x => 7.0 * x).ToArray()).ToArray());
        Assert.That(scaled, Is.EqualTo(result.Select(x => 7.0 * x).ToArray()).Within(1e-12));
    }

    [Test]
    public void Unlike_UPGrad_it_is_not_linear_under_scaling()
    {
        // Quinton & Rey's Table 1: scaling g2 up moves the mean out of the cone, and the projection is not linear in the
        // scaling (UPGrad, on the same inputs, is).
        var rows = ConeInputs.TorchJdBase;
        double[] c1 = [1.0, 0.1];
        double[] c2 = [0.1, 1.0];
        double Gap(Func<GradientAggregationMethod> create)
        {
            var x1 = JacobianHarness.Aggregate(create(), ConeInputs.ScaleRows(rows, c1)).Result;
            var x2 = JacobianHarness.Aggregate(create(), ConeInputs.ScaleRows(rows, c2)).Result;
            var x = JacobianHarness.Aggregate(create(), ConeInputs.ScaleRows(rows, [1.1, 1.1])).Result;
            return x.Select((v, i) => Math.Abs(v - x1[i] - x2[i])).Max();
        }

        Assert.That(Gap(() => new DualProj()), Is.GreaterThan(0.1));
        Assert.That(Gap(() => new UPGrad()), Is.LessThan(1e-10));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DualProj(-1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DualProj(double.NaN));
        Assert.That(new DualProjAttribute().Regularization, Is.EqualTo(0.0));
        using var created = new DualProjAttribute { Regularization = 0.01 }.Create();
        Assert.That(((DualProj)created).Regularization, Is.EqualTo(0.01));
    }
}
