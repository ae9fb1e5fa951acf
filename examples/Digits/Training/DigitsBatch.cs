using static TorchSharp.torch;

namespace Digits.Training;

/// <summary>One step's batch: images [B, 64] in 0..1 and their labels [B].</summary>
public readonly record struct DigitsBatch(Tensor Images, Tensor Labels);
