using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "uncertainty" (Kendall, Gal &amp; Cipolla 2018): one backward of Σ ½·e^(−s_i)·L_i + ½·s_i with a learnable
/// log-variance s_i per task, starting at 0 and trained by the run's Adam.
/// </summary>
[MultiLossTrainer, UncertaintyWeighting]
public sealed partial class UncertaintyTrainer : IFashionTrainer
{
    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public UncertaintyTrainer(MultiFashionNet net, optim.Optimizer optimizer)
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
