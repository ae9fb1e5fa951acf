using System;

namespace MultiLoss;

/// <summary>Clips the gradient norm over the model's parameters (<c>clip_grad_norm_</c>) before each optimizer step.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ClipGradNormAttribute : Attribute
{
    /// <summary>Clips to <paramref name="maxNorm"/> (the 2-norm over all gradients together).</summary>
    public ClipGradNormAttribute(double maxNorm) => MaxNorm = maxNorm;

    /// <summary>The largest gradient norm an optimizer step sees; finite and positive.</summary>
    public double MaxNorm { get; }
}
