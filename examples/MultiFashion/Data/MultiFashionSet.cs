using System;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Data;

/// <summary>
/// MultiFashion samples as tensors on one device: images [N, 1, 28, 28] (float32, 0..1), and the class of the item at
/// the top left (<see cref="LeftLabels"/>) and at the bottom right (<see cref="RightLabels"/>), each [N] (int64).
/// </summary>
public sealed class MultiFashionSet : IDisposable
{
    public MultiFashionSet(Tensor images, Tensor leftLabels, Tensor rightLabels)
    {
        Images = images;
        LeftLabels = leftLabels;
        RightLabels = rightLabels;
    }

    public Tensor Images { get; }

    public Tensor LeftLabels { get; }

    public Tensor RightLabels { get; }

    public int Count => (int)LeftLabels.shape[0];

    public void Dispose()
    {
        Images.Dispose();
        LeftLabels.Dispose();
        RightLabels.Dispose();
    }
}
