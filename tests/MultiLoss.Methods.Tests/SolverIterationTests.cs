using System;
using System.Collections.Generic;
using System.Linq;
using MultiLoss.Methods.Solvers;
using NUnit.Framework;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// How much work the host solvers do on their hardest tested inputs — the degenerate Jacobians and random Gramians of
/// K = 2 … 12 — stays far below their limits: a change that makes a solver crawl (or cycle) fails here before it times
/// out a step.
/// </summary>
[TestFixture]
public sealed class SolverIterationTests
{
    private static IEnumerable<(string Name, double[] Gramian, int Count)> Gramians()
    {
        foreach (var (name, rows) in DegenerateJacobianTests.FiniteJacobians) yield return (name, Gramian(rows), rows.Length);
        var random = new Random(7);
        for (var k = 2; k <= 12; k++)
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var rows = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, k + 2).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
                yield return ($"random K={k} #{trial}", Gramian(rows), k);
            }
        }
    }

    private static double[] Gramian(double[][] rows)
    {
        var k = rows.Length;
        var gramian = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++) gramian[i * k + j] = rows[i].Zip(rows[j], (a, b) => a * b).Sum();
        }
        return gramian;
    }

    [Test]
    public void Each_solve_converges_well_within_its_limit()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, gramian, k) in Gramians())
            {
                var weights = new double[k];
                var lower = new double[k];
                Array.Fill(lower, 1.0 / k);

                // The active-set solvers add or drop one loss per linear solve: twice K covers a pass in and out.
                var mgda = new MinimumNormPoint(k).Solve(gramian, weights);
                Assert.That(mgda is { Converged: true, Iterations: var m } && m <= 2 * k, Is.True, $"MGDA on {name}: {mgda}");
                var dual = new DualConeProjection(k).Project(gramian, lower, weights);
                Assert.That(dual is { Converged: true, Iterations: var d } && d <= 2 * k, Is.True, $"the dual cone projection on {name}: {dual}");

                // The root search and the Newton methods: a quarter of their limit, or one ε's worth for Nash-MTL's ladder.
                var cagrad = new ConflictAverseDirection(k).Solve(gramian, 0.5, weights);
                Assert.That(cagrad is { Converged: true, Iterations: var c } && c <= ConflictAverseDirection.MaxIterations / 4, Is.True, $"CAGrad on {name}: {cagrad}");
                var fair = AlphaFairWeights.Solve(gramian, k, 1.0, weights);
                Assert.That(fair.Converged && fair.Iterations <= AlphaFairWeights.MaxIterations / 4, Is.True, $"FairGrad on {name}: {fair}");
                var nash = NashBargainingWeights.TrySolve(gramian, k, weights, out var iterations, out var residual);
                Assert.That(nash && iterations <= NashBargainingWeights.DefaultMaxIterations, Is.True, $"Nash-MTL on {name}: {iterations} iterations, residual {residual}");
            }
        }
    }
}
