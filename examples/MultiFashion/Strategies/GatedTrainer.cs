using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "gated": the left task alone while the batch's left loss is at or above <see cref="Threshold"/>; in steps
/// where it is below, one backward of left + right (<see cref="GateMode.Add"/>, checked every step, not latched): a
/// curriculum in which the right item joins once the left one is learned well enough.
/// </summary>
/// <remarks>The threshold is explained in the example's README: where the left loss of a "sum" run falls in the default budget.</remarks>
[MultiLossTrainer]
public sealed partial class GatedTrainer : IFashionTrainer
{
    public const double Threshold = 1.2;

    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public GatedTrainer(MultiFashionNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor leftLabels, Tensor rightLabels);

    [Forward]
    private (Tensor leftLogits, Tensor rightLogits) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Left(Tensor leftLogits, Tensor leftLabels) => FashionLosses.Classification(leftLogits, leftLabels);

    [Loss, GateOn(Threshold, Mode = GateMode.Add)]
    private Tensor Right(Tensor rightLogits, Tensor rightLabels) => FashionLosses.Classification(rightLogits, rightLabels);

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.LeftLabels, batch.RightLabels));
}
