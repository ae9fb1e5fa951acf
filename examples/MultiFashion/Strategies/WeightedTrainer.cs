using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "weighted": one backward of 0.75 · left + 0.25 · right, a hand-picked trade-off that favours the left item.
/// With two symmetric tasks, equal fixed weights are the "sum" strategy (Adam does not see the scale of the loss), so
/// this one shows where an unequal choice lands instead.
/// </summary>
[MultiLossTrainer]
public sealed partial class WeightedTrainer : IFashionTrainer
{
    public const double LeftWeight = 0.75;
    public const double RightWeight = 0.25;

    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public WeightedTrainer(MultiFashionNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor leftLabels, Tensor rightLabels);

    [Forward]
    private (Tensor leftLogits, Tensor rightLogits) Forward(Tensor images) => net.forward(images);

    [Loss(weight: LeftWeight)]
    private Tensor Left(Tensor leftLogits, Tensor leftLabels) => FashionLosses.Classification(leftLogits, leftLabels);

    [Loss(weight: RightWeight)]
    private Tensor Right(Tensor rightLogits, Tensor rightLabels) => FashionLosses.Classification(rightLogits, rightLabels);

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.LeftLabels, batch.RightLabels));
}
