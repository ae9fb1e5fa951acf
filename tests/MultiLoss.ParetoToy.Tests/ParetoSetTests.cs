using System;
using System.Linq;
using NUnit.Framework;
using ParetoToy.Experiments;
using ParetoToy.Problem;

namespace MultiLoss.ParetoToy.Tests;

/// <summary>The Pareto set, the stationarity residual and the criterion built on them.</summary>
public sealed class ParetoSetTests
{
    private static readonly ParetoSet Set = ParetoSet.Compute();

    [Test]
    public void Its_middle_is_the_mean_loss_minimum_the_paper_marks()
    {
        var middle = Set.Points[Set.Points.Count / 2];
        Assert.That(middle.X1, Is.EqualTo(0).Within(1e-12));
        // The paper's code marks the mean loss's minimum at (0, −8.3552).
        Assert.That(middle.X2, Is.EqualTo(-8.3552).Within(1e-4));
        var (g1, g2) = ToyObjectivesExact.Gradients(middle.X1, middle.X2);
        Assert.That((0.5 * g1 + 0.5 * g2).Norm, Is.LessThan(1e-9));
    }

    [Test]
    public void Its_ends_are_the_minima_of_each_objective()
    {
        var (left, right) = (Set.Points[0], Set.Points[^1]);
        Assert.That(left.X1, Is.EqualTo(-7));
        Assert.That(right.X1, Is.EqualTo(7));
        Assert.That(ToyObjectivesExact.Gradients(left.X1, left.X2).Second.Norm, Is.LessThan(1e-9), "L2 is minimal at the left end");
        Assert.That(ToyObjectivesExact.Gradients(right.X1, right.X2).First.Norm, Is.LessThan(1e-9), "L1 is minimal at the right end");
        // And nearby points are worse for that objective.
        foreach (var (dx, dy) in new[] { (0.05, 0.0), (-0.05, 0.0), (0.0, 0.05), (0.0, -0.05) })
        {
            Assert.That(ToyObjectivesExact.Values(right.X1 + dx, right.X2 + dy).First, Is.GreaterThan(ToyObjectivesExact.Values(right.X1, right.X2).First));
        }
    }

    [Test]
    public void Every_point_of_it_is_Pareto_stationary_and_points_off_it_are_not()
    {
        Assert.That(Set.Points.Max(p => ParetoStationarity.Residual(p.X1, p.X2)), Is.LessThan(1e-9));
        Assert.That(ParetoStationarity.Residual(0, -7.5), Is.GreaterThan(1e-3), "above the set");
        Assert.That(ParetoStationarity.Residual(8, -8.44), Is.GreaterThan(1e-3), "beyond L1's minimum both gradients point the same way");
        Assert.That(ParetoStationarity.Residual(-9, 2), Is.GreaterThan(1e-3));
    }

    [Test]
    public void The_min_norm_point_is_the_nearest_point_of_the_segment_to_the_origin()
    {
        var pairs = new[] { (new Gradient(1, 0), new Gradient(0, 1)), (new Gradient(3, 1), new Gradient(-1, 0.5)), (new Gradient(2, 2), new Gradient(1, 1)), (new Gradient(1, -2), new Gradient(-1, 2)) };
        foreach (var (g1, g2) in pairs)
        {
            var bruteForce = Enumerable.Range(0, 100_001).Select(i => i / 100_000.0).Min(gamma => (gamma * g1 + (1 - gamma) * g2).Norm);
            Assert.That(ParetoStationarity.MinNormPoint(g1, g2).Norm, Is.EqualTo(bruteForce).Within(1e-6), $"{g1}, {g2}");
        }
    }

    [Test]
    public void Distance_is_measured_to_the_curve()
    {
        var point = Set.Points[300];
        Assert.That(Set.DistanceTo(point.X1, point.X2), Is.LessThan(1e-9));
        Assert.That(Set.DistanceTo(point.X1, point.X2 + 0.3), Is.EqualTo(0.3).Within(0.01));
        Assert.That(Set.DistanceTo(9, Set.Points[^1].X2), Is.EqualTo(2).Within(1e-9), "beyond the right end: distance to the end");
    }

    [Test]
    public void The_criterion_accepts_the_set_within_its_tolerance_only()
    {
        var criterion = new ParetoCriterion(Set);
        var point = Set.Points[900];
        Assert.That(criterion.Judge(point).Reached, Is.True);
        Assert.That(criterion.Judge((point.X1, point.X2 + 0.9 * ParetoCriterion.Tolerance)).Reached, Is.True);
        Assert.That(criterion.Judge((point.X1, point.X2 + 1.5 * ParetoCriterion.Tolerance)).Reached, Is.False);
        Assert.That(criterion.Judge((-5, 2.5)).Reached, Is.False);
    }
}
