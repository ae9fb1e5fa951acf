using System;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// What the training loop needs from a strategy's trainer. Each generated trainer has its own <c>StepResult</c> type;
/// this interface turns it into <see cref="StepLosses"/>.
/// </summary>
public interface IFashionTrainer : IDisposable
{
    /// <summary>One optimisation step on a batch: images [B, 1, 28, 28] in 0..1, the classes of the left and right items [B] each.</summary>
    StepLosses Train(Tensor images, Tensor leftLabels, Tensor rightLabels);
}

/// <summary>A trainer that must be told when an epoch ends (dynamic weight average sets the next epoch's weights then).</summary>
public interface IEpochAwareTrainer : IFashionTrainer
{
    /// <summary>Called once after each epoch's last step, before the next epoch's first.</summary>
    void EndEpoch();
}
