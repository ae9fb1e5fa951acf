using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>The Euclidean norm of each row of a [K, N] matrix of gradients, on its device and in its dtype.</summary>
internal static class RowNorms
{
    /// <summary>
    /// ‖row_i‖ as a new [K] tensor. Each row is divided by its largest magnitude first, so its squares neither overflow
    /// (float32 gradients above about 1e19 would square to infinity) nor underflow; a zero row has norm 0. A row with a
    /// NaN or an infinity has a NaN norm.
    /// </summary>
    public static Tensor Of(Tensor rows)
    {
        using var scope = torch.NewDisposeScope();
        var scale = rows.abs().amax([1L], keepdim: true);
        scale.masked_fill_(scale.eq(Runtime.Scalars.Zero), Runtime.Scalars.One);
        var scaled = rows.div(scale);
        return scaled.mul_(scaled).sum(1L).sqrt_().mul_(scale.squeeze(1)).MoveToOuterDisposeScope();
    }
}
