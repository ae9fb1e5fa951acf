using System;

namespace MultiLoss;

/// <summary>Clips the gradient norm over the model's parameters (<c>clip_grad_norm_</c>) before each optimizer step.</summary>
/// <param name="maxNorm">The largest 2-norm of all gradients together; finite and positive.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ClipGradNormAttribute(double maxNorm) : Attribute
{
    /// <summary>The largest gradient norm an optimizer step sees; finite and positive.</summary>
    public double MaxNorm { get; } = maxNorm;
}
