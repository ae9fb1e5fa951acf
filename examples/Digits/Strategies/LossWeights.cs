namespace Digits.Strategies;

/// <summary>The effective weight of each loss in a step (or a mean of steps), for a strategy that adapts its weights.</summary>
public readonly record struct LossWeights(double Classification, double Reconstruction);
