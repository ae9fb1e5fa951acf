using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>The two losses every strategy trains with; strategies differ only in how they combine them.</summary>
public static class DigitsLosses
{
    public static Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    public static Tensor Reconstruction(Tensor recon, Tensor images) => nn.functional.mse_loss(recon, images);
}
