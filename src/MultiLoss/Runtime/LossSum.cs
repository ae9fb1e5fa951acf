using System.ComponentModel;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// Builds a weighted sum of losses whose set is known only at run time (gated losses), with one
/// out-of-place op and in-place adds after it. A loss the user returned is never modified in place.
/// </summary>
/// <remarks>A mutable struct: keep it in a local and call <see cref="Add(Tensor)"/> on that local.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct LossSum
{
    private Tensor? total;
    private bool ownsTotal;

    /// <summary>Adds <paramref name="loss"/> with weight 1.</summary>
    public void Add(Tensor loss)
    {
        if (total is null) total = loss;
        else Add(loss, Scalars.One);
    }

    /// <summary>Adds <paramref name="weight"/> × <paramref name="loss"/>.</summary>
    public void Add(Tensor loss, Scalar weight)
    {
        if (ownsTotal)
        {
            total!.add_(loss, weight);
            return;
        }
        total = total is null ? loss.mul(weight) : total.add(loss, weight);
        ownsTotal = true;
    }

    /// <summary>True until something is added.</summary>
    public readonly bool IsEmpty => total is null;

    /// <summary>The sum of what was added.</summary>
    /// <exception cref="System.InvalidOperationException">Nothing was added.</exception>
    public readonly Tensor Total => total ?? throw new System.InvalidOperationException("No loss was active in this step, so there is nothing to backpropagate.");
}
