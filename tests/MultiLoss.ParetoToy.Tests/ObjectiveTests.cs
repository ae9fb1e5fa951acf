using System;
using MultiLoss.Runtime;
using NUnit.Framework;
using ParetoToy.Problem;
using static TorchSharp.torch;

namespace MultiLoss.ParetoToy.Tests;

/// <summary>The objectives against the paper's formula written out here, and the hand-derived gradients against autograd.</summary>
public sealed class ObjectiveTests
{
    private static readonly (double X1, double X2)[] Points =
        [(-8.5, 7.5), (-8.5, -5), (9, 9), (0, -8.3552), (3.3, 0.7), (-2, -1.5), (6.9, -8.4), (-4.2, 2.2)];

    [OneTimeSetUp]
    public void LoadTorch() => TorchNative.EnsureAvailable();

    /// <summary>f1, f2 as the paper's code writes them, with its signs and constants, in double precision.</summary>
    private static (double F1, double F2) Formula(double x1, double x2)
    {
        var f1 = Math.Log(Math.Max(Math.Abs(0.5 * (-x1 - 7) - Math.Tanh(-x2)), 0.000005)) + 6;
        var f2 = Math.Log(Math.Max(Math.Abs(0.5 * (-x1 + 3) + Math.Tanh(-x2) + 2), 0.000005)) + 6;
        var c1 = Math.Max(Math.Tanh(x2 * 0.5), 0);
        var f1Sq = (Math.Pow(-x1 + 7, 2) + 0.1 * Math.Pow(-x2 - 8, 2)) / 10 - 20;
        var f2Sq = (Math.Pow(-x1 - 7, 2) + 0.1 * Math.Pow(-x2 - 8, 2)) / 10 - 20;
        var c2 = Math.Max(Math.Tanh(-x2 * 0.5), 0);
        return (f1 * c1 + f1Sq * c2, f2 * c1 + f2Sq * c2);
    }

    [Test]
    public void Exact_values_match_the_formula()
    {
        foreach (var (x1, x2) in Points)
        {
            var (first, second) = ToyObjectivesExact.Values(x1, x2);
            var (f1, f2) = Formula(x1, x2);
            Assert.That(first, Is.EqualTo(f1).Within(1e-12), $"L1 at ({x1}, {x2})");
            Assert.That(second, Is.EqualTo(f2).Within(1e-12), $"L2 at ({x1}, {x2})");
        }
    }

    [Test]
    public void Tensor_values_match_the_formula()
    {
        foreach (var (x1, x2) in Points)
        {
            using var scope = NewDisposeScope();
            var (f1, f2) = Formula(x1, x2);
            Assert.That(ToyObjectives.First(tensor(x1), tensor(x2)).item<double>(), Is.EqualTo(f1).Within(1e-12), $"L1 at ({x1}, {x2})");
            Assert.That(ToyObjectives.Second(tensor(x1), tensor(x2)).item<double>(), Is.EqualTo(f2).Within(1e-12), $"L2 at ({x1}, {x2})");
        }
    }

    [Test]
    public void Hand_derived_gradients_match_autograd()
    {
        foreach (var (x1, x2) in Points)
        {
            using var scope = NewDisposeScope();
            var (g1, g2) = ToyObjectivesExact.Gradients(x1, x2);
            AssertGradient(ToyObjectives.First, x1, x2, g1, "∇L1");
            AssertGradient(ToyObjectives.Second, x1, x2, g2, "∇L2");
        }
    }

    [Test]
    public void Hand_derived_gradients_match_central_differences()
    {
        const double h = 1e-6;
        foreach (var (x1, x2) in Points)
        {
            var (g1, _) = ToyObjectivesExact.Gradients(x1, x2);
            var dx1 = (ToyObjectivesExact.Values(x1 + h, x2).First - ToyObjectivesExact.Values(x1 - h, x2).First) / (2 * h);
            var dx2 = (ToyObjectivesExact.Values(x1, x2 + h).First - ToyObjectivesExact.Values(x1, x2 - h).First) / (2 * h);
            Assert.That(g1.X1, Is.EqualTo(dx1).Within(1e-5), $"∂L1/∂x1 at ({x1}, {x2})");
            Assert.That(g1.X2, Is.EqualTo(dx2).Within(1e-5), $"∂L1/∂x2 at ({x1}, {x2})");
        }
    }

    private static void AssertGradient(Func<Tensor, Tensor, Tensor> objective, double x1, double x2, Gradient expected, string what)
    {
        var a = tensor(x1, requires_grad: true);
        var b = tensor(x2, requires_grad: true);
        objective(a, b).backward();
        Assert.That(a.grad!.item<double>(), Is.EqualTo(expected.X1).Within(1e-10), $"{what} x1 at ({x1}, {x2})");
        Assert.That(b.grad!.item<double>(), Is.EqualTo(expected.X2).Within(1e-10), $"{what} x2 at ({x1}, {x2})");
    }
}
