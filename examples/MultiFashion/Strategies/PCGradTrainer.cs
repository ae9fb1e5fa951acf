using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// Strategy "pcgrad" (Yu et al. 2020): the sum strategy's left + right, with gradient surgery at the shared body: each
/// task's gradient of the body's parameters is computed on its own, and when the two conflict (negative dot product)
/// each is projected onto the normal plane of the other before they are summed. The heads get the sum's gradient.
/// </summary>
/// <remarks>Equal weights, as in the paper, so that it differs from "sum" only by the projection.</remarks>
[MultiLossTrainer, PCGrad]
public sealed partial class PCGradTrainer : IFashionTrainer
{
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public PCGradTrainer(MultiFashionNet net, optim.Optimizer optimizer)
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

    TResult IFashionTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.LeftLabels, batch.RightLabels));
}
