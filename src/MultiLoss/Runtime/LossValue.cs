using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// What a loss method must return: one value and, while gradients are on (a step), a graph to backpropagate. Checked on
/// the host (shape and flags, no device read) as the generated code takes each loss; a generated step wraps what this
/// throws with the trainer, the loss and the step.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LossValue
{
    /// <summary>Returns <paramref name="loss"/> (null stays null: a loss not computed this step).</summary>
    /// <exception cref="ArgumentException">The loss is not one value, or it has no graph while gradients are on.</exception>
    [return: NotNullIfNotNull(nameof(loss))]
    public static Tensor? Checked(Tensor? loss)
    {
        if (loss is null) return null;
        if (loss.numel() != 1)
        {
            throw new ArgumentException(
                $"A loss must be one value, but this one has shape [{string.Join(", ", loss.shape)}]: reduce it to one value (its mean or sum, or the loss function's default reduction instead of reduction: none).",
                nameof(loss));
        }
        if (!loss.requires_grad && torch.is_grad_enabled())
        {
            throw new ArgumentException(
                "The loss has no graph to backpropagate, so it would never train anything: it was computed from a detached tensor (.detach(), .item(), a new tensor from its value) or from parameters that do not require gradients; compute it from the model's outputs.",
                nameof(loss));
        }
        return loss;
    }
}
