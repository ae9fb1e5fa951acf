using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>Decisions a step makes on the host from a loss value: each reads the value (a device sync on a GPU).</summary>
public static class HostGate
{
    /// <summary>The seed's threshold gate: true when the one-element <paramref name="loss"/> is below <paramref name="threshold"/> (false for NaN).</summary>
    public static bool IsBelow(Tensor loss, double threshold)
    {
        using var value = loss.ToScalar();
        return value.ToDouble() < threshold;
    }
}
