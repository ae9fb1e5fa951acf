using Digits.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Model;

/// <summary>
/// A shared body (64 → 128 → 64, ReLU) feeding two heads: class logits (10) and a reconstruction of the
/// 64 input pixels (sigmoid, so in 0..1 like the input).
/// </summary>
public sealed class DigitsNet : nn.Module<Tensor, (Tensor logits, Tensor recon)>
{
    private readonly Sequential body;
    private readonly Linear classifier;
    private readonly Sequential decoder;

    public DigitsNet(int hidden = 128, int features = 64) : base(nameof(DigitsNet))
    {
        body = nn.Sequential(
            nn.Linear(DigitsDataset.PixelCount, hidden), nn.ReLU(),
            nn.Linear(hidden, features), nn.ReLU());
        classifier = nn.Linear(features, DigitsDataset.ClassCount);
        decoder = nn.Sequential(nn.Linear(features, DigitsDataset.PixelCount), nn.Sigmoid());
        RegisterComponents();
    }

    /// <summary>The body both heads share: the <c>[SharedLayer]</c> of the GradNorm and PCGrad strategies.</summary>
    public Sequential Body => body;

    public override (Tensor logits, Tensor recon) forward(Tensor images)
    {
        var (_, logits, recon) = ForwardWithFeatures(images);
        return (logits, recon);
    }

    /// <summary>The forward pass with the body's output: what the heads see, for strategies that aggregate the gradients there.</summary>
    public (Tensor features, Tensor logits, Tensor recon) ForwardWithFeatures(Tensor images)
    {
        var features = body.forward(images);
        return (features, classifier.forward(features), decoder.forward(features));
    }
}
