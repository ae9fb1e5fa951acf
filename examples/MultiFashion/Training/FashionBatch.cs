using static TorchSharp.torch;

namespace MultiFashion.Training;

/// <summary>One step's batch: images [B, 1, 28, 28] in 0..1 and the classes of their left and right items [B] each.</summary>
public readonly record struct FashionBatch(Tensor Images, Tensor LeftLabels, Tensor RightLabels);
