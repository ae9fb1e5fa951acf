using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Baseline "single-left": a network of the same shape trained on the left item's class alone, with the same budget;
/// Δm% measures the multi-task strategies against it and <see cref="SingleRightTrainer"/>.
/// </summary>
[MultiLossTrainer]
public sealed partial class SingleLeftTrainer : IFashionTrainer
{
    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public SingleLeftTrainer(MultiFashionNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor leftLabels);

    [Forward]
    private Tensor Forward(Tensor images) => net.ForwardLeft(images);

    [Loss]
    private Tensor Left(Tensor output, Tensor leftLabels) => FashionLosses.Classification(output, leftLabels);

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.LeftLabels));
}
