using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>The seed's threshold gate, decided on the host: reads the watched loss (a device sync on a GPU).</summary>
public static class HostGate
{
    /// <summary>True when the one-element <paramref name="loss"/> is below <paramref name="threshold"/> (false for NaN).</summary>
    public static bool IsBelow(Tensor loss, double threshold)
    {
        using var value = loss.ToScalar();
        return value.ToDouble() < threshold;
    }
}
