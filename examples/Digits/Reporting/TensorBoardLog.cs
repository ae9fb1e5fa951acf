using Digits.Strategies;
using Digits.Training;
using TorchSharp;

namespace Digits.Reporting;

/// <summary>
/// Logs every step's losses as TensorBoard scalars ("loss/classification", ...) into a folder, and for a strategy that
/// adapts its weights, the effective weights ("weight/classification", "weight/reconstruction").
/// </summary>
public sealed class TensorBoardLog(string folder) : ITrainingObserver
{
    private readonly TorchSharp.Modules.SummaryWriter writer = torch.utils.tensorboard.SummaryWriter(folder);

    public void OnStep(StepRecord step, StepLosses epochMeanSoFar)
    {
        foreach (var kind in LossKind.All)
        {
            var value = kind.Of(step.Losses);
            if (!double.IsNaN(value)) writer.add_scalar($"loss/{kind.Name}", (float)value, step.Step);
        }
        if (step.Losses.Weights is { } weights)
        {
            writer.add_scalar($"weight/{LossKind.Classification.Name}", (float)weights.Classification, step.Step);
            writer.add_scalar($"weight/{LossKind.Reconstruction.Name}", (float)weights.Reconstruction, step.Step);
        }
    }

    public void OnEpochEnd(int epoch, StepLosses epochMean)
    {
    }
}
