using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "famo", fast adaptive multitask optimization (Liu et al., NeurIPS 2023): one backward of the losses
/// weighted by the softmax of task logits; after each optimizer step the losses are computed again on the same batch,
/// without gradients, and the logits learn from how much each loss fell.
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the paper: the method sets the balance, not a hand-picked 0.5. The
/// defaults: the logits' learning rate 0.025 and weight decay 0.001. The second forward pass per step is the method's
/// own cost.
/// </remarks>
[MultiLossTrainer, Famo]
public sealed partial class FamoTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public FamoTrainer(DigitsNet net, optim.Optimizer optimizer)
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
