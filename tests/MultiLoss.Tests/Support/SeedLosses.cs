using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>The losses of the strategy trainers, for the hand loops.</summary>
internal static class SeedLosses
{
    public static Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    public static Tensor Confidence(Tensor output) => output.pow(2).mean();

    public static Tensor Sparsity(Tensor output) => output.abs().mean();

    public static bool Below(Tensor loss, double threshold) => loss.item<float>() < threshold;
}
