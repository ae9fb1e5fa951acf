using System;

namespace ParetoToy.Problem;

/// <summary>
/// How far a point is from Pareto stationarity: the norm of the min-norm point of the convex hull of ∇L1 and ∇L2,
/// zero exactly when some convex combination of the gradients vanishes (no direction improves both objectives).
/// </summary>
public static class ParetoStationarity
{
    /// <summary>
    /// The min-norm point of the segment between <paramref name="g1"/> and <paramref name="g2"/>:
    /// γ·g1 + (1 − γ)·g2 with γ = (g2 − g1)·g2 / ‖g2 − g1‖², clamped to [0, 1].
    /// </summary>
    public static Gradient MinNormPoint(Gradient g1, Gradient g2)
    {
        var difference = g2 + (-1.0 * g1);
        var squaredLength = difference.Dot(difference);
        if (squaredLength == 0) return g1;
        var gamma = Math.Clamp(difference.Dot(g2) / squaredLength, 0, 1);
        return gamma * g1 + (1 - gamma) * g2;
    }

    public static double Residual(double x1, double x2)
    {
        var (g1, g2) = ToyObjectivesExact.Gradients(x1, x2);
        return MinNormPoint(g1, g2).Norm;
    }
}
