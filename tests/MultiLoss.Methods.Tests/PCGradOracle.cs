using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>
/// PCGrad as its paper writes it, on the device: each row projected off the others it conflicts with, in a given order.
/// The reference the tests hold <see cref="PCGrad"/>'s coefficient-space computation against.
/// </summary>
internal static class PCGradOracle
{
    /// <summary>
    /// The projection on its own: given the per-loss gradients as the rows of <paramref name="gradients"/> ([K, N]) and,
    /// for each loss i in turn, the other losses in the order to apply them (<paramref name="order"/>: K blocks of K − 1
    /// indices), returns the projected rows g_i (a new [K, N] tensor; the input is not changed).
    /// </summary>
    public static Tensor Project(Tensor gradients, ReadOnlySpan<int> order)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.dim() != 2) throw new ArgumentException($"The gradients are a [K, N] matrix, not a tensor of shape [{string.Join(", ", gradients.shape)}].", nameof(gradients));
        var count = checked((int)gradients.shape[0]);
        CheckOrder(order, count);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        using var tinyValue = Tiny(gradients.dtype);
        using var zeroValue = (Scalar)0.0;
        using var minusOneValue = (Scalar)(-1.0);
        var result = gradients.detach().clone();
        var squared = torch.empty(count, dtype: gradients.dtype, device: gradients.device);
        SquaredNorms(gradients, squared, tinyValue);
        for (var i = 0; i < count; i++)
        {
            var row = result[i];
            for (var k = 0; k < count - 1; k++)
            {
                var j = order[i * (count - 1) + k];
                ProjectOnce(row, gradients[j], squared[j], zeroValue, minusOneValue).Dispose();
            }
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Σ_i of <see cref="Project"/>: the PCGrad gradient as a new [N] tensor.</summary>
    public static Tensor ProjectAndSum(Tensor gradients, ReadOnlySpan<int> order)
    {
        using var projectedRows = Project(gradients, order);
        return projectedRows.sum(dim: 0L);
    }

    private static void CheckOrder(ReadOnlySpan<int> order, int count)
    {
        if (order.Length != count * (count - 1))
        {
            throw new ArgumentException($"The order has {order.Length} entries; {count} losses need {count} blocks of {count - 1}.", nameof(order));
        }
        for (var i = 0; i < count; i++)
        {
            ulong seen = 0;
            for (var k = 0; k < count - 1; k++)
            {
                var j = order[i * (count - 1) + k];
                if ((uint)j >= (uint)count || j == i || count <= 64 && (seen & (1UL << j)) != 0)
                {
                    throw new ArgumentException($"Block {i} of the order must hold each loss other than {i} once.", nameof(order));
                }
                if (count <= 64) seen |= 1UL << j;
            }
        }
    }

    /// <summary>g_i ← g_i − min(g_i·g_j, 0)/‖g_j‖²·g_j, in place, on the device; returns the coefficient (a new tensor).</summary>
    private static Tensor ProjectOnce(Tensor gi, Tensor gj, Tensor squaredNormJ, Scalar zero, Scalar minusOne)
    {
        var coefficient = gi.dot(gj);
        coefficient.clamp_max_(zero).div_(squaredNormJ);
        gi.addcmul_(gj, coefficient, minusOne);
        return coefficient;
    }

    /// <summary>‖g_j‖² per row into <paramref name="target"/>, at least the dtype's smallest normal number so that g_j = 0 divides to 0.</summary>
    private static void SquaredNorms(Tensor gradients, Tensor target, Scalar tiny)
    {
        using var squares = gradients.square();
        using var sums = squares.sum(1L);
        target.copy_(sums).clamp_min_(tiny);
    }

    private static Scalar Tiny(ScalarType dtype) => torch.finfo(dtype).tiny;
}
