using MultiLoss.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>The Euclidean norm of each row of a [K, N] matrix of gradients, on its device and in its dtype.</summary>
public static class RowNorms
{
    /// <summary>
    /// ‖row_i‖ as a new [K] tensor: one fused pass over the rows, and one read of the K norms to the host. Where a norm
    /// overflows the rows' dtype (float32 rows above about 1e19), the norms are computed again with each row divided by
    /// its largest magnitude first, so that they neither overflow nor underflow. A row with a NaN or an infinity has a
    /// NaN or infinite norm.
    /// </summary>
    public static Tensor Of(Tensor rows)
    {
        var norms = torch.linalg.vector_norm(rows, 2, [1L], false);
        if (rows.dtype == ScalarType.Float64) return norms;
        using (var sum = norms.sum())
        {
            if (double.IsFinite(sum.ToDouble())) return norms;
        }
        norms.Dispose();
        using var scope = torch.NewDisposeScope();
        var scale = rows.abs().amax([1L], keepdim: true);
        scale.masked_fill_(scale.eq(Scalars.Zero), Scalars.One);
        var scaled = rows.div(scale);
        return scaled.mul_(scaled).sum(1L).sqrt_().mul_(scale.squeeze(1)).MoveToOuterDisposeScope();
    }
}
