using System;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// An aggregation whose result is Σ c_i·g_i with weights c decided from the Gramian G = J·Jᵀ of the losses' gradients
/// alone. <see cref="GradientEngine"/> may then compute G from the layers without the K×N Jacobian and apply the weights
/// with one backward pass of Σ c_i·L_i (see <see cref="Methods.GramianAggregationMethod.LayerGramianFromBytes"/>).
/// </summary>
internal interface IGramianAggregation : IGradientAggregation
{
    /// <summary>
    /// Writes into <paramref name="weights"/> ([K], float64, on the losses' device) the weights c_i for
    /// <paramref name="gramian"/> (K×K, row-major, finite), the Gramian of <paramref name="weightedLosses"/>' gradients of
    /// the shared parameters. Runs under <c>no_grad</c>.
    /// </summary>
    void WeighGramian(ReadOnlySpan<Tensor?> weightedLosses, ReadOnlySpan<double> gramian, Tensor weights);
}
