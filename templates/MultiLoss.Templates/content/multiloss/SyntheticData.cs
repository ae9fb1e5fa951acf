using TorchSharp;
using static TorchSharp.torch;

namespace MyTrainer;

/// <summary>
/// A made-up task to train on: features drawn from a standard normal distribution; the class is which of the first
/// <see cref="ClassCount"/> features is largest, the number to estimate is the sum of the others. Replace it with your data.
/// </summary>
public static class SyntheticData
{
    public const int FeatureCount = 8;
    public const int ClassCount = 4;

    public static (Tensor Features, Tensor Label, Tensor Target) Batch(int size, Device device)
    {
        var features = randn(size, FeatureCount, device: device);
        var label = features.narrow(1, 0, ClassCount).argmax(1);
        var target = features.narrow(1, ClassCount, FeatureCount - ClassCount).sum(1);
        return (features, label, target);
    }
}
