using System;
using System.Collections.Generic;

namespace ParetoToy.Problem;

/// <summary>
/// The Pareto set of the toy problem: the curve of points below the x1 axis where α·∇L1 + (1 − α)·∇L2 = 0 for some
/// α in [0, 1]. There both objectives are tanh(−x2/2) times a quadratic bowl, so the x1 component vanishes at
/// x1 = 14α − 7, and x2 is the one root in [−12, −6] of the x2 component at that x1. It runs from L2's minimum near
/// (−7, −8.44) through (0, −8.36) (the mean loss's minimum) to L1's near (7, −8.44).
/// </summary>
/// <remarks>
/// Every point above the x1 axis has both objectives at least log(5·10⁻⁶) + 6 ≈ −6.2, and the curve's middle point
/// has both about −15, so no point there is Pareto optimal: the stationary curve is the whole set.
/// </remarks>
public sealed class ParetoSet
{
    private const double Lowest = -12;
    private const double Highest = -6;

    private ParetoSet(IReadOnlyList<(double X1, double X2)> points) => Points = points;

    /// <summary>Points along the curve, x1 ascending from −7 to 7, evenly spaced in x1.</summary>
    public IReadOnlyList<(double X1, double X2)> Points { get; }

    /// <summary>The curve at <paramref name="count"/> values of x1 (0.01 apart with the default).</summary>
    public static ParetoSet Compute(int count = 1401)
    {
        var points = new (double, double)[count];
        for (var i = 0; i < count; i++)
        {
            var alpha = (double)i / (count - 1);
            var x1 = 14 * alpha - 7;
            points[i] = (x1, StationaryX2(alpha, x1));
        }
        return new ParetoSet(points);
    }

    /// <summary>Euclidean distance from (x1, x2) to the curve, through the segments between its points.</summary>
    public double DistanceTo(double x1, double x2)
    {
        var best = double.PositiveInfinity;
        for (var i = 1; i < Points.Count; i++)
        {
            best = Math.Min(best, SegmentDistance(Points[i - 1], Points[i], x1, x2));
        }
        return best;
    }

    /// <summary>The root of the x2 component of α·∇L1 + (1 − α)·∇L2 at x1, by bisection (positive at −6, negative at −12).</summary>
    internal static double StationaryX2(double alpha, double x1)
    {
        double Component(double x2)
        {
            var (g1, g2) = ToyObjectivesExact.Gradients(x1, x2);
            return alpha * g1.X2 + (1 - alpha) * g2.X2;
        }

        double low = Lowest, high = Highest;
        if (!(Component(low) < 0 && Component(high) > 0)) throw new InvalidOperationException($"no sign change in [{Lowest}, {Highest}] at x1 = {x1}");
        for (var i = 0; i < 100 && high - low > 1e-13; i++)
        {
            var middle = (low + high) / 2;
            if (Component(middle) < 0) low = middle;
            else high = middle;
        }
        return (low + high) / 2;
    }

    private static double SegmentDistance((double X1, double X2) a, (double X1, double X2) b, double x1, double x2)
    {
        double dx = b.X1 - a.X1, dy = b.X2 - a.X2;
        var t = Math.Clamp(((x1 - a.X1) * dx + (x2 - a.X2) * dy) / (dx * dx + dy * dy), 0, 1);
        double px = a.X1 + t * dx - x1, py = a.X2 + t * dy - x2;
        return Math.Sqrt(px * px + py * py);
    }
}
