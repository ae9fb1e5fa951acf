using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// CAGrad, conflict-averse gradient descent (Liu, Liu, Jin, Stone &amp; Liu 2021): with g_i the gradient of w_i·L_i
/// with respect to the shared parameters and g0 their mean, the shared parameters' gradient is the d with
/// ‖d − g0‖ ≤ c·‖g0‖ that maximises min_i g_iᵀd, d = g0 + (c·‖g0‖/‖g_w‖)·g_w, divided by the <see cref="Rescale"/>.
/// </summary>
/// <remarks>
/// The weights w of g_w = Σw_i·g_i minimise g_wᵀg0 + c·‖g0‖·‖g_w‖ over the simplex; they are found on the host from the
/// K×K Gramian (<see cref="ConflictAverseDirection"/>: a root search over exact MGDA problems). The coefficients
/// (1/K + c·‖g0‖/‖g_w‖·w_i)/rescale are reported as the losses' effective weights (times the declared weights).
/// c = 0 gives the mean gradient; with c ≥ 1 the result conflicts with no loss. Scaling every gradient by s &gt; 0 scales
/// the result by s.
/// </remarks>
public sealed class CAGrad : GramianAggregationMethod
{
    private readonly double divisor;
    private ConflictAverseDirection? solver;

    /// <summary>CAGrad with the ball's radius <paramref name="c"/>·‖g0‖ (c ≥ 0) and the direction divided as <paramref name="rescale"/> says.</summary>
    public CAGrad(double c = 0.5, CAGradRescale rescale = CAGradRescale.None)
    {
        C = FiniteNotNegative(c, "c is finite and not negative.");
        if (!Enum.IsDefined(rescale)) throw new ArgumentOutOfRangeException(nameof(rescale), rescale, "Not a rescaling CAGrad knows.");
        Rescale = rescale;
        divisor = rescale switch
        {
            CAGradRescale.OnePlusCSquared => 1 + c * c,
            CAGradRescale.OnePlusC => 1 + c,
            _ => 1,
        };
    }

    /// <summary>The radius of the ball around the mean gradient, in units of its norm.</summary>
    public double C { get; }

    /// <summary>What the direction is divided by.</summary>
    public CAGradRescale Rescale { get; }

    /// <summary>CAGrad's direction, from the Gramian.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        if (solver?.Size != weights.Length) solver = new ConflictAverseDirection(weights.Length);
        if (!solver.Solve(gramian, C, weights).Converged) return false;
        for (var i = 0; i < weights.Length; i++) weights[i] /= divisor;
        return true;
    }
}
