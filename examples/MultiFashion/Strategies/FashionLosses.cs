using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>Both tasks' loss: cross-entropy of a head's logits against its item's class.</summary>
public static class FashionLosses
{
    public static Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);
}
