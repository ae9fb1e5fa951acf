using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "uncertainty" (Kendall, Gal &amp; Cipolla 2018): one backward of
/// Σ ½·e^(−s_i)·L_i + ½·s_i, where s_i = log σ_i² is a learnable log-variance per loss, starting at 0 (effective weights
/// ½ and ½). The s_i join the run's Adam optimizer on the first step, so they learn at the same rate as the network.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1: the method chooses the balance, not a hand-picked 0.5. Each s_i settles
/// where ½·e^(−s_i)·L_i = ½, at s_i = log L_i, so the effective weight of a loss tends to 1/(2·L_i): the smaller a loss,
/// the more it is weighted. The reported total includes ½·Σ s_i, so it goes negative once the losses are small (at that
/// balance a term is ½·(1 + s_i), negative for a loss below 1/e).
/// </remarks>
[MultiLossTrainer, UncertaintyWeighting]
public sealed partial class UncertaintyTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public UncertaintyTrainer(DigitsNet net, optim.Optimizer optimizer)
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
