using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "dwa", dynamic weight average (Liu, Johns &amp; Davison 2019): one backward of λ_l·left + λ_r·right, λ = 1 in
/// the first two epochs, then λ_i = 2·softmax(r/2)_i with r_i loss i's mean over the last epoch divided by its mean over
/// the epoch before. The training loop calls <see cref="EndEpoch"/> (generated) after each epoch.
/// </summary>
[MultiLossTrainer, DynamicWeightAverage]
public sealed partial class DwaTrainer : IEpochAwareTrainer
{
    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public DwaTrainer(MultiFashionNet net, optim.Optimizer optimizer)
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
