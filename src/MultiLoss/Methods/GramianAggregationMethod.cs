using System;
using MultiLoss.Runtime;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// A gradient-aggregation method that decides from the K×K Gramian G = J·Jᵀ of the losses' gradients alone: the result
/// is Σ c_i·g_i with the weights c from <see cref="Weigh"/>, the method's math on host doubles (torchjd's
/// <c>GramianWeightedAggregator</c>). The base computes G (finite, see <see cref="GradientAggregationMethod.HostGramian"/>),
/// combines the rows on the device, reports the weights as the losses' effective weights and applies the fallback
/// weights where <see cref="Weigh"/> reports that its solver did not converge.
/// </summary>
public abstract class GramianAggregationMethod : GradientAggregationMethod, IGramianAggregation
{
    /// <summary>
    /// The size in bytes of the K×N Jacobian from which a step computes the Gramian from the layers instead, where the
    /// shared parameters are all linear layers' weights and biases: 16 MiB by default. A step then uses the layers only
    /// when their buffers (the losses' gradients at the layers' outputs, X·Xᵀ of the batch's M rows) take at most half
    /// the Jacobian's bytes: a large batch of rows (tokens of a sequence) keeps the Jacobian. 0: wherever the layers can
    /// give G, whatever it takes; <see cref="long.MaxValue"/>: never. A process-wide setting, read when a trainer's
    /// method is initialized.
    /// </summary>
    public static long LayerGramianFromBytes { get; set; } = 16L << 20;

    /// <summary>float32's machine epsilon, 2⁻²³: the rounding a method assumes of a Gramian before it knows the gradients' dtype.</summary>
    protected const double Float32Epsilon = 1.1920928955078125e-07;

    private double[] weights = [];

    /// <summary>
    /// Writes into <paramref name="weights"/> (length K) the weights c of Σ c_i·g_i for the Gramian
    /// <paramref name="gramian"/> (K×K, row-major, finite, symmetric positive semi-definite up to rounding). Returns
    /// false when the method's solver did not converge: the step then applies its fallback weights (the latest it
    /// solved for) and reports <c>FellBack</c>.
    /// </summary>
    public abstract bool Weigh(ReadOnlySpan<double> gramian, Span<double> weights);

    private protected override void InitializeCore(MethodContext context)
    {
        base.InitializeCore(context);
        context.Gradients.PrepareForGramianAggregation();
    }

    /// <summary>G on the host, the weights from <see cref="Weigh"/> (or the fallback), one combination of the rows on the device.</summary>
    protected sealed override void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients)
        => CombineRows(jacobian, WeightsFor(HostGramian(jacobian)), result, coefficients);

    /// <summary>The weights for G computed by the engine from the layers: the step applies them with one backward pass.</summary>
    void IGramianAggregation.WeighGramian(ReadOnlySpan<Tensor?> weightedLosses, ReadOnlySpan<double> gramian, Tensor weights)
    {
        BeginAggregation(weightedLosses);
        try
        {
            weights.copy_(ApplyWeights(WeightsFor(gramian), Coefficients));
        }
        finally
        {
            EndAggregation();
        }
    }

    private ReadOnlySpan<double> WeightsFor(ReadOnlySpan<double> gramian)
    {
        if (weights.Length != LossCount) weights = new double[LossCount];
        return Weigh(gramian, weights) ? weights : FallBack();
    }
}
