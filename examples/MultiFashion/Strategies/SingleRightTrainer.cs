using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Baseline "single-right": a network of the same shape trained on the right item's class alone, with the same budget;
/// Δm% measures the multi-task strategies against it and <see cref="SingleLeftTrainer"/>.
/// </summary>
[MultiLossTrainer]
public sealed partial class SingleRightTrainer : IFashionTrainer
{
    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public SingleRightTrainer(MultiFashionNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor rightLabels);

    [Forward]
    private Tensor Forward(Tensor images) => net.ForwardRight(images);

    [Loss]
    private Tensor Right(Tensor output, Tensor rightLabels) => FashionLosses.Classification(output, rightLabels);

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.RightLabels));
}
