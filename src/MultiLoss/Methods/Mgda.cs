using System;
using MultiLoss.Methods.Solvers;

namespace MultiLoss.Methods;

/// <summary>
/// MGDA, the multiple-gradient descent algorithm as Sener &amp; Koltun (2018) use it for multi-task learning: with
/// ĝ_i the gradient of w_i·L_i with respect to the shared parameters after the <see cref="Normalization"/>, the shared
/// parameters' gradient is the min-norm point Σα_i·ĝ_i of their convex hull (α ≥ 0, Σα = 1).
/// </summary>
/// <remarks>
/// <para>The weights α are found exactly on the host from the K×K Gramian (<see cref="MinimumNormPoint"/>, an
/// active-set method; the paper's Frank–Wolfe iterations stop at a tolerance instead), so the result satisfies
/// ĝ_jᵀd ≥ ‖d‖² for every j to rounding: it conflicts with no loss. With <see cref="MgdaNormalization.L2"/>,
/// ĝ_i = g_i/‖g_i‖ (a zero gradient left as it is), which makes the result independent of each loss's scale, the
/// declared weights included. <see cref="MgdaNormalization.Loss"/> and <see cref="MgdaNormalization.LossPlus"/> divide
/// by the loss's value too (LibMTL's <c>loss</c> and <c>loss+</c>), read on the host once per loss and step. As in
/// LibMTL, the result combines the normalised gradients: the coefficient of g_i, reported as the loss's effective weight
/// (times w_i), is α_i divided by g_i's normaliser.</para>
/// </remarks>
public sealed class Mgda : GramianAggregationMethod
{
    /// <inheritdoc />
    protected override string DisplayName => "MGDA";

    private MinimumNormPoint? solver;
    private double[] scaled = [];
    private double[] norms = [];

    /// <summary>MGDA with the gradients normalised as <paramref name="normalization"/> says.</summary>
    public Mgda(MgdaNormalization normalization = MgdaNormalization.None)
    {
        if (!Enum.IsDefined(normalization)) throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "Not a normalisation MGDA knows.");
        Normalization = normalization;
    }

    /// <summary>How each gradient is normalised before the min-norm point is found.</summary>
    public MgdaNormalization Normalization { get; }

    /// <summary>The min-norm point of the (normalised) gradients, from their Gramian.</summary>
    public override bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights)
    {
        var count = weights.Length;
        if (norms.Length != count) (solver, scaled, norms) = (new MinimumNormPoint(count), new double[count * count], new double[count]);
        if (Normalization == MgdaNormalization.None) return solver!.Solve(gramian, weights).Converged;
        var losses = Normalization == MgdaNormalization.L2 ? default : HostLossValues();
        var declared = Context.DeclaredWeights;
        for (var i = 0; i < count; i++)
        {
            norms[i] = Normalizer(Math.Sqrt(gramian[i * count + i]), Normalization == MgdaNormalization.L2 ? 0 : losses[i], declared[i]);
        }
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++) scaled[i * count + j] = gramian[i * count + j] / (norms[i] * norms[j]);
        }
        if (!solver!.Solve(scaled, weights).Converged) return false;
        for (var i = 0; i < count; i++) weights[i] /= norms[i];
        return true;
    }

    /// <summary>
    /// What row i (the gradient of w_i·L_i, of norm <paramref name="norm"/>; the weighted loss's value
    /// <paramref name="weightedLoss"/>) is divided by, so that it becomes the normalised gradient of the unweighted loss,
    /// as LibMTL normalises it: ‖g_i‖ (L2), w_i·L_i (Loss: g_i/(w_i·L_i) = ∇L_i/L_i) or w_i·L_i·‖g_i‖/w_i (LossPlus:
    /// ∇L_i/(L_i·‖∇L_i‖)). A loss below <see cref="LossFloor"/> counts as the floor; a zero divisor (a zero gradient or
    /// weight) is taken as 1, leaving the row as it is.
    /// </summary>
    private double Normalizer(double norm, double weightedLoss, double declared)
    {
        var loss = Math.Max(weightedLoss, LossFloor * declared);
        var divisor = Normalization switch
        {
            MgdaNormalization.L2 => norm,
            MgdaNormalization.Loss => loss,
            _ => declared > 0 ? loss * norm / declared : 0,
        };
        return divisor > 0 && double.IsFinite(divisor) ? divisor : 1;
    }

    /// <summary>The smallest loss value the <c>Loss</c> and <c>LossPlus</c> normalisations divide by (a loss of 0 would divide by 0).</summary>
    public const double LossFloor = 1e-8;
}
