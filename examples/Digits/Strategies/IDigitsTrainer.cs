using System;
using MultiLoss.Logging;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// What the training loop needs from a strategy's trainer. Each generated trainer has its own
/// <c>StepResult</c> type; this interface turns it into <see cref="StepLosses"/>.
/// </summary>
public interface IDigitsTrainer : IDisposable
{
    /// <summary>One optimisation step on a batch: images [B, 64] in 0..1, labels [B].</summary>
    /// <param name="reports">Given the step's own report (its trainer's <c>StepResult</c>), or null.</param>
    StepLosses Train(Tensor images, Tensor labels, TrainingReports? reports);

    /// <summary>One optimisation step, reported nowhere else.</summary>
    StepLosses Train(Tensor images, Tensor labels) => Train(images, labels, null);
}
