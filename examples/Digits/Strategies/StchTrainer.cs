using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "stch", smooth Tchebycheff scalarization (Lin et al., ICML 2024): for the first 5 epochs the log loss log
/// classification + log reconstruction; then one backward of 2·μ·log Σ exp((log L_i − log z_i)/μ), μ = 1, with z_i
/// loss i's mean over the fifth epoch.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1 (the paper's preference vector, equal). The defaults otherwise: μ = 1, log-
/// losses, 5 warm-up epochs. The method counts epochs, so the training loop calls the generated EndEpoch() after each
/// one, through IEpochAwareTrainer; a run of 5 epochs or fewer never leaves the warm-up.
/// </remarks>
[MultiLossTrainer, SmoothTchebycheff]
public sealed partial class StchTrainer : IEpochAwareTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public StchTrainer(DigitsNet net, optim.Optimizer optimizer)
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
