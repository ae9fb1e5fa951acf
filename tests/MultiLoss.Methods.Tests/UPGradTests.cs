using System;
using System.Linq;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Methods.Tests;

[TestFixture]
public sealed class UPGradTests
{
    private const double Tolerance = 1e-12;
    private static readonly double[] X = { 1.0, 2.0 };

    [Test]
    public void TorchJd_s_golden_values_hold_with_its_regularisation()
    {
        // torchjd's test_values, with its defaults (norm_eps = reg_eps = 0.0001): UPGradWeighting(J·Jᵀ) = [1.1109, 0.7894],
        // UPGrad(J) = [0.2929, 1.9004, 1.9004], to 1e-4 as torchjd checks them.
        var (result, weights) = JacobianHarness.Aggregate(new UPGrad(regularization: 1e-4), ConeInputs.TorchJdBase);

        Assert.That(weights, Is.EqualTo(new[] { 1.1109, 0.7894 }).Within(1e-4));
        Assert.That(result, Is.EqualTo(new[] { 0.2929, 1.9004, 1.9004 }).Within(1e-4));
    }

    [Test]
    public void The_exact_projection_is_worked_out_by_hand()
    {
        // G = [[18, −22], [−22, 38]]. Projecting g1/2 frees v2: 38·v2 = 22·½, v = (½, 11/38); projecting g2/2 frees v1:
        // 18·v1 = 22·½, v = (11/18, ½). The weights are the sum, (10/9, 15/19), and the result (50/171, 325/171, 325/171).
        var (result, weights) = JacobianHarness.Aggregate(new UPGrad(), ConeInputs.TorchJdBase);

        Assert.That(weights, Is.EqualTo(new[] { 10 / 9.0, 15 / 19.0 }).Within(Tolerance));
        Assert.That(result, Is.EqualTo(new[] { 50 / 171.0, 325 / 171.0, 325 / 171.0 }).Within(Tolerance));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void The_result_is_the_mean_of_the_projections_every_free_set_tried_finds(int seed)
    {
        var rows = ConeInputs.Random(5, 7, 5, 60 + seed);

        var (result, weights) = JacobianHarness.Aggregate(new UPGrad(), rows);

        var expected = ConeOracles.UPGrad(ConeOracles.Gramian(rows));
        Assert.That(weights, Is.EqualTo(expected).Within(1e-9));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(rows, expected)).Within(1e-9));
    }

    [Test]
    public void Two_conflicting_gradients_are_projected_off_each_other_and_averaged()
    {
        // With two gradients the dual cone's boundary is each one's normal plane: π(g1) = g1 − (g1·g2)/‖g2‖²·g2 when
        // they conflict, so UPGrad is half of PCGrad's sum (a formula of its own here, not the solver).
        for (var seed = 0; seed < 10; seed++)
        {
            var rows = ConeInputs.Random(2, 4, 2, 70 + seed);
            var (g1, g2) = (rows[0], rows[1]);
            var dot = ConeOracles.Dot(g1, g2);
            var p1 = dot < 0 ? g1.Select((x, i) => x - dot / ConeOracles.Dot(g2, g2) * g2[i]).ToArray() : g1;
            var p2 = dot < 0 ? g2.Select((x, i) => x - dot / ConeOracles.Dot(g1, g1) * g1[i]).ToArray() : g2;

            var (result, _) = JacobianHarness.Aggregate(new UPGrad(), rows);

            Assert.That(result, Is.EqualTo(p1.Select((x, i) => (x + p2[i]) / 2).ToArray()).Within(1e-10), $"seed {seed}, g1·g2 = {dot}");
        }
    }

    [Test]
    public void Without_conflict_the_result_is_the_mean()
    {
        double[][] rows = [[1.0, 0.5, 0.0], [0.2, 1.0, 0.1], [0.5, 0.0, 2.0]];

        var (result, weights) = JacobianHarness.Aggregate(new UPGrad(), rows);

        Assert.That(weights, Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(Tolerance));
        Assert.That(result, Is.EqualTo(ConeOracles.Combine(rows, [1 / 3.0, 1 / 3.0, 1 / 3.0])).Within(Tolerance));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void The_result_is_linear_under_scaling(int seed)
    {
        // The paper's property (torchjd's assert_linear_under_scaling): for positive scalings c1, c2 and α, β ≥ 0,
        // A(diag(α·c1 + β·c2)·J) = α·A(diag(c1)·J) + β·A(diag(c2)·J).
        var rows = ConeInputs.Random(6, 9, 6, 80 + seed);
        var random = new Random(seed);
        var c1 = Enumerable.Range(0, 6).Select(_ => 0.1 + random.NextDouble()).ToArray();
        var c2 = Enumerable.Range(0, 6).Select(_ => 0.1 + random.NextDouble()).ToArray();
        var (alpha, beta) = (random.NextDouble(), random.NextDouble());

        var x1 = JacobianHarness.Aggregate(new UPGrad(), ConeInputs.ScaleRows(rows, c1)).Result;
        var x2 = JacobianHarness.Aggregate(new UPGrad(), ConeInputs.ScaleRows(rows, c2)).Result;
        var x = JacobianHarness.Aggregate(new UPGrad(), ConeInputs.ScaleRows(rows, c1.Select((c, i) => alpha * c + beta * c2[i]).ToArray())).Result;

        Assert.That(x, Is.EqualTo(x1.Select((v, i) => alpha * v + beta * x2[i]).ToArray()).Within(1e-9));
    }

    [Test]
    public void Backward_writes_the_result_into_the_shared_gradient_and_the_total_into_the_others()
    {
        var declared = new[] { 0.5, 2.0 };
        using var model = new TinyModel();
        using var optimizer = torch.optim.SGD(model.All, 0.1);
        using var upGrad = new UPGrad().Initialized(Contexts.Of(model, optimizer, declared));
        using var scope = torch.NewDisposeScope();
        var l1 = model.Loss(model.U, X, 1.0).mul(declared[0]);
        var l2 = model.Loss(model.V, X, 0.0).mul(declared[1]);

        upGrad.Backward(new[] { l1, l2 }, l1.add(l2));

        var p1 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialU, X, 1.0);
        var p2 = Hand.Loss(TinyModel.InitialW, TinyModel.InitialV, X, 0.0);
        double[][] rows = [Hand.Flat(p1.GradW).Select(x => x * declared[0]).ToArray(), Hand.Flat(p2.GradW).Select(x => x * declared[1]).ToArray()];
        Assert.That(ConeOracles.Dot(rows[0], rows[1]), Is.LessThan(0), "the hand case conflicts");
        var coefficients = ConeOracles.UPGrad(ConeOracles.Gramian(rows));
        Assert.That(TinyModel.Values(model.W.grad!), Is.EqualTo(ConeOracles.Combine(rows, coefficients)).Within(1e-10));
        Assert.That(TinyModel.Values(model.U.grad!), Is.EqualTo(p1.GradHead.Select(x => x * declared[0]).ToArray()).Within(1e-10));
        Assert.That(TinyModel.Values(model.V.grad!), Is.EqualTo(p2.GradHead.Select(x => x * declared[1]).ToArray()).Within(1e-10));
        for (var i = 0; i < 2; i++)
        {
            Assert.That(TinyModel.Value(upGrad.EffectiveWeight(i)), Is.EqualTo(coefficients[i] * declared[i]).Within(1e-10), $"effective weight {i}");
        }
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new UPGrad(-1e-4));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new UPGrad(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new UPGrad(double.PositiveInfinity));
        Assert.That(new UPGradAttribute().Regularization, Is.EqualTo(0.0));
        using var created = new UPGradAttribute { Regularization = 1e-4 }.Create();
        Assert.That(((UPGrad)created).Regularization, Is.EqualTo(1e-4));
    }
}
