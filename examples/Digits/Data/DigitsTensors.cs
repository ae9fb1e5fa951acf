using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Data;

/// <summary>A data set as tensors on one device: images [N, 64] (float32, 0..1) and labels [N] (int64).</summary>
public sealed class DigitsTensors : IDisposable
{
    private DigitsTensors(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public int Count => (int)Labels.shape[0];

    public static DigitsTensors Create(DigitsDataset data, Device device)
    {
        using var scope = NewDisposeScope();
        var images = torch.tensor(data.Pixels.ToArray(), [data.Count, DigitsDataset.PixelCount], device: device);
        var labels = torch.tensor(data.Labels.ToArray(), device: device);
        return new DigitsTensors(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
