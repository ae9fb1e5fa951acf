using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Runtime;
using NUnit.Framework;
using ParetoToy.Model;
using ParetoToy.Problem;
using ParetoToy.Trainers;
using static TorchSharp.torch;

namespace MultiLoss.ParetoToy.Tests;

/// <summary>
/// The generated trainers of the mean loss and MGDA against hand loops: the aggregated gradient computed by hand from
/// the hand-derived gradients, and Adam written out, step by step in double precision.
/// </summary>
public sealed class TrainerStepTests
{
    private const double LearningRate = 0.01;
    private const int Steps = 30;

    [OneTimeSetUp]
    public void LoadTorch() => TorchNative.EnsureAvailable();

    private static ToyMethod Method(string name) => ToyMethods.All.Single(m => m.Name == name);

    [TestCase(-8.5, -5)]
    [TestCase(-8.5, 7.5)]
    [TestCase(9, 9)]
    public void The_mean_loss_trainer_takes_Adam_steps_on_the_mean_gradient(double x1, double x2)
        => AssertFollowsHandLoop("mean", x1, x2, (g1, g2) => 0.5 * g1 + 0.5 * g2);

    [TestCase(-8.5, -5)]
    [TestCase(-8.5, 7.5)]
    [TestCase(9, 9)]
    public void The_MGDA_trainer_takes_Adam_steps_on_the_min_norm_combination(double x1, double x2)
        => AssertFollowsHandLoop("mgda", x1, x2, MinNormCombination);

    [Test]
    public void Mean_and_MGDA_take_different_paths()
    {
        var mean = GeneratedPath("mean", -8.5, -5);
        var mgda = GeneratedPath("mgda", -8.5, -5);
        Assert.That(Math.Abs(mean[^1].X1 - mgda[^1].X1) + Math.Abs(mean[^1].X2 - mgda[^1].X2), Is.GreaterThan(1e-3));
    }

    /// <summary>γ·g1 + (1 − γ)·g2 with γ minimising its squared norm, a quadratic in γ, clamped to [0, 1].</summary>
    private static Gradient MinNormCombination(Gradient g1, Gradient g2)
    {
        double a = g1.Dot(g1), b = g1.Dot(g2), c = g2.Dot(g2);
        var gamma = a + c - 2 * b == 0 ? 0.5 : Math.Clamp((c - b) / (a + c - 2 * b), 0, 1);
        return gamma * g1 + (1 - gamma) * g2;
    }

    private static void AssertFollowsHandLoop(string method, double x1, double x2, Func<Gradient, Gradient, Gradient> aggregate)
    {
        var generated = GeneratedPath(method, x1, x2);
        var hand = HandPath(x1, x2, aggregate);
        for (var step = 0; step < Steps; step++)
        {
            Assert.That(generated[step].X1, Is.EqualTo(hand[step].X1).Within(1e-5), $"x1 after step {step + 1}");
            Assert.That(generated[step].X2, Is.EqualTo(hand[step].X2).Within(1e-5), $"x2 after step {step + 1}");
        }
    }

    private static List<(double X1, double X2)> GeneratedPath(string method, double x1, double x2)
    {
        using var point = new ToyPoint(x1, x2);
        using var optimizer = optim.Adam(point.parameters(), LearningRate);
        using var trainer = Method(method).CreateTrainer(point, optimizer);
        var path = new List<(double, double)>();
        for (var step = 0; step < Steps; step++)
        {
            trainer.Train();
            path.Add(point.Position);
        }
        return path;
    }

    /// <summary>Adam (β1 = 0.9, β2 = 0.999, ε = 10⁻⁸) written out, on the aggregated hand-derived gradient.</summary>
    private static List<(double X1, double X2)> HandPath(double x1, double x2, Func<Gradient, Gradient, Gradient> aggregate)
    {
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        double[] x = [(float)x1, (float)x2], m = [0, 0], v = [0, 0];
        var path = new List<(double, double)>();
        for (var t = 1; t <= Steps; t++)
        {
            var (g1, g2) = ToyObjectivesExact.Gradients(x[0], x[1]);
            var g = aggregate(g1, g2);
            double[] gradient = [g.X1, g.X2];
            for (var i = 0; i < 2; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
                v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
                var mHat = m[i] / (1 - Math.Pow(beta1, t));
                var vHat = v[i] / (1 - Math.Pow(beta2, t));
                x[i] -= LearningRate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
            path.Add((x[0], x[1]));
        }
        return path;
    }
}
