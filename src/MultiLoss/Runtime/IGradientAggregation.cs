using System;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// What an aggregation makes of the losses' gradients: the gradient <see cref="GradientEngine"/> applies.
/// </summary>
internal interface IGradientAggregation
{
    /// <summary>
    /// Writes into <paramref name="result"/> the gradient to apply, from <paramref name="gradients"/>: the K×N rows of the
    /// shared parameters' gradients, or with a <paramref name="representation"/> the [K, B, F] gradients with respect to
    /// it ([B, F] result). Runs under <c>no_grad</c>; neither input may change.
    /// </summary>
    void Aggregate(ReadOnlySpan<Tensor?> weightedLosses, Tensor gradients, Tensor? representation, Tensor result);
}
