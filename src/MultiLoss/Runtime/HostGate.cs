using System.ComponentModel;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>Decisions a step makes on the host from a loss value: each reads the value (a device sync on a GPU).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HostGate
{
    /// <summary>
    /// The seed's threshold gate: true when the one-element <paramref name="loss"/> is below <paramref name="threshold"/>
    /// (false for NaN), compared in the loss's own precision as a device gate compares: a float32 loss against the
    /// threshold rounded to float32, so that a loss equal to 1.39f is not below 1.39 here and at or above it there.
    /// </summary>
    public static bool IsBelow(Tensor loss, double threshold)
    {
        using var value = loss.ToScalar();
        return value.ToDouble() < InPrecisionOf(loss.dtype, threshold);
    }

    /// <summary><paramref name="threshold"/> rounded to <paramref name="dtype"/>, as a tensor of that dtype compares with a scalar.</summary>
    internal static double InPrecisionOf(ScalarType dtype, double threshold) => dtype switch
    {
        ScalarType.Float32 => (float)threshold,
        ScalarType.Float16 => (double)(System.Half)threshold,
        ScalarType.BFloat16 => BFloat16(threshold),
        _ => threshold,
    };

    /// <summary>Round to nearest, ties to even, from float32 to bfloat16's 8 bits of mantissa (as c10::BFloat16 rounds).</summary>
    private static double BFloat16(double threshold)
    {
        var single = (float)threshold;
        if (!float.IsFinite(single)) return single;
        var bits = System.BitConverter.SingleToUInt32Bits(single);
        bits += 0x7FFFu + ((bits >> 16) & 1u);
        return System.BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u);
    }
}
