using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>The arrays of tensors (slot views, per-loss buffers) a method keeps for its lifetime.</summary>
internal static class TensorArrays
{
    /// <summary>Disposes every tensor of <paramref name="tensors"/> (nothing when it is null).</summary>
    public static void DisposeAll(Tensor[]? tensors)
    {
        if (tensors is null) return;
        foreach (var tensor in tensors) tensor.Dispose();
    }
}
