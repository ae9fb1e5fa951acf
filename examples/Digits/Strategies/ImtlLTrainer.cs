using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "imtl-l", the loss balance of impartial multi-task learning (Liu et al., ICLR 2021): one backward of Σ
/// e^(s_i)·L_i − s_i, with a learnable scale s_i per loss starting at 0 (effective weights 1 and 1).
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the paper: the method sets the balance, not a hand-picked 0.5. The
/// s_i join the run's Adam options (same learning rate), as in the uncertainty strategy; minimising over s_i drives
/// each scaled loss e^(s_i)·L_i towards 1, so each effective weight tends to 1/L_i. The reported total includes −Σ
/// s_i.
/// </remarks>
[MultiLossTrainer, ImpartialLossScaling]
public sealed partial class ImtlLTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public ImtlLTrainer(DigitsNet net, optim.Optimizer optimizer)
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
