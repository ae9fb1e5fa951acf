using System;
using MultiLoss.Runtime;

namespace MultiLoss;

/// <summary>
/// What every generated trainer has, whatever its losses and its step's parameters: for code that drives any trainer
/// (a training loop, checkpoints). The step itself is the trainer's own <c>Step</c>; its result implements
/// <see cref="ITrainingReport"/>.
/// </summary>
public interface IMultiLossTrainer : IDisposable
{
    /// <summary>The number of steps the trainer has taken.</summary>
    long StepsTaken { get; }

    /// <summary>
    /// Ends an epoch: a method that works per epoch (the dynamic weight average, smooth Tchebycheff) sets the next
    /// epoch's weights. A trainer without a method has nothing to do.
    /// </summary>
    void EndEpoch()
    {
    }

    /// <summary>The trainer's training state, to save next to the model's and the optimizer's.</summary>
    TrainerState SaveState();

    /// <summary>Restores a state taken by <see cref="SaveState"/>: the next step continues where that run stopped.</summary>
    void RestoreState(TrainerState state);
}
