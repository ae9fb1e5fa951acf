using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "separate": the weighted strategy's weights (0.75 · left, 0.25 · right), declared with one backward per
/// loss. The gradients would add up to those of the weighted sum and nothing happens between the backwards, so the
/// generator emits the one backward of the sum: the step is the weighted strategy's.
/// </summary>
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public sealed partial class SeparateTrainer : IFashionTrainer
{
    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public SeparateTrainer(MultiFashionNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor leftLabels, Tensor rightLabels);

    [Forward]
    private (Tensor leftLogits, Tensor rightLogits) Forward(Tensor images) => net.forward(images);

    [Loss(weight: WeightedTrainer.LeftWeight)]
    private Tensor Left(Tensor leftLogits, Tensor leftLabels) => FashionLosses.Classification(leftLogits, leftLabels);

    [Loss(weight: WeightedTrainer.RightWeight)]
    private Tensor Right(Tensor rightLogits, Tensor rightLabels) => FashionLosses.Classification(rightLogits, rightLabels);

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.LeftLabels, batch.RightLabels));
}
