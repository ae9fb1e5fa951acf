using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "log-losses", the scale-invariant log loss (the SI baseline of Navon et al., ICML 2022): one backward of
/// log classification + log reconstruction.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1. Each loss's effective weight is 1/L_i, so a loss's scale does not matter,
/// and the smaller loss is weighted more. The reported total is the sum of the logarithms, negative once the losses
/// are below 1.
/// </remarks>
[MultiLossTrainer, ScaleInvariantLogLoss]
public sealed partial class LogLossesTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public LogLossesTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    StepLosses IDigitsTrainer.Train(Tensor images, Tensor labels, TrainingReports? reports) => ReportedLosses.Read(Step(images, labels), reports);
}
