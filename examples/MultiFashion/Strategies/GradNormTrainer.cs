using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "gradnorm" (Chen et al. 2018): one backward of w_l·left + w_r·right, the weights learned so that each task's
/// weighted gradient norm at the body's last layer tracks the mean norm times its relative inverse training rate to the
/// power α = 1.5, renormalised to sum to 2 after each step.
/// </summary>
/// <remarks>The shared layer is the body's last (fully connected) layer, as in the paper: the per-task backwards stop there.</remarks>
[MultiLossTrainer, GradNorm]
public sealed partial class GradNormTrainer : IFashionTrainer
{
    [SharedLayer] private nn.Module<Tensor, Tensor> LastSharedLayer => net.LastSharedLayer;

    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public GradNormTrainer(MultiFashionNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor leftLabels, Tensor rightLabels);

    [Forward]
    private (Tensor leftLogits, Tensor rightLogits) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Left(Tensor leftLogits, Tensor leftLabels) => FashionLosses.Classification(leftLogits, leftLabels);

    [Loss]
    private Tensor Right(Tensor rightLogits, Tensor rightLabels) => FashionLosses.Classification(rightLogits, rightLabels);

    StepLosses IFashionTrainer.Train(Tensor images, Tensor leftLabels, Tensor rightLabels)
    {
        var r = Step(images, leftLabels, rightLabels);
        return new StepLosses(r.Left, r.Right, r.Total, Weights: new TaskWeights(r.LeftWeight, r.RightWeight));
    }
}
