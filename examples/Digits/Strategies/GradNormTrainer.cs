using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "gradnorm" (Chen et al. 2018): one backward of w_c·classification + w_r·reconstruction, where the weights
/// are learned so that each loss's weighted gradient norm at the shared body tracks the mean norm times its relative
/// inverse training rate to the power α = 1.5; after each step the weights are renormalised to sum to 2.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the paper: the weights start at 1 and 1. The weights join the run's
/// Adam optimizer (same learning rate). The shared layer W is the whole body (two linear layers; the paper takes the
/// last shared layer to save computation, which this small network does not need). A loss that trains more slowly
/// than the other, relative to its first value, gets more weight.
/// </remarks>
[MultiLossTrainer, GradNorm]
public sealed partial class GradNormTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public GradNormTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    StepLosses IDigitsTrainer.Train(Tensor images, Tensor labels, TrainingReports? reports) => ReportedLosses.Read(Step(images, labels), reports);
}
