using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiFashion.Model;

/// <summary>
/// A LeNet-sized network: a shared convolutional body (two 5×5 convolutions with 10 and 20 channels, each followed by
/// 2×2 max pooling and ReLU, then a fully connected layer of 50 units) feeding two heads of 10 logits each, one for the
/// item at the top left of the image and one for the item at the bottom right.
/// </summary>
public sealed class MultiFashionNet : nn.Module<Tensor, (Tensor leftLogits, Tensor rightLogits)>
{
    public const int FeatureCount = 50;

    private readonly Sequential body;
    private readonly Linear lastSharedLayer;
    private readonly Linear leftHead;
    private readonly Linear rightHead;

    public MultiFashionNet() : base(nameof(MultiFashionNet))
    {
        lastSharedLayer = nn.Linear(20 * 4 * 4, FeatureCount);
        body = nn.Sequential(
            nn.Conv2d(1, 10, kernel_size: 5), nn.MaxPool2d(kernel_size: 2), nn.ReLU(),   // 28 → 24 → 12
            nn.Conv2d(10, 20, kernel_size: 5), nn.MaxPool2d(kernel_size: 2), nn.ReLU(),  // 12 → 8 → 4
            nn.Flatten(),
            lastSharedLayer, nn.ReLU());
        leftHead = nn.Linear(FeatureCount, 10);
        rightHead = nn.Linear(FeatureCount, 10);
        RegisterComponents();
    }

    /// <summary>The body both heads share: the <c>[SharedLayer]</c> of PCGrad, whose gradients it projects.</summary>
    public Sequential Body => body;

    /// <summary>The body's last layer: GradNorm's <c>[SharedLayer]</c>, where it compares the tasks' gradient norms (as Chen et al. do).</summary>
    public Linear LastSharedLayer => lastSharedLayer;

    public override (Tensor leftLogits, Tensor rightLogits) forward(Tensor images)
    {
        var features = body.forward(images);
        return (leftHead.forward(features), rightHead.forward(features));
    }

    /// <summary>The left head alone, for the single-task baseline of the left item.</summary>
    public Tensor ForwardLeft(Tensor images) => leftHead.forward(body.forward(images));

    /// <summary>The right head alone, for the single-task baseline of the right item.</summary>
    public Tensor ForwardRight(Tensor images) => rightHead.forward(body.forward(images));
}
