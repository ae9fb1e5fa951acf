using MultiFashion.Model;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiFashion.Strategies;

/// <summary>
/// The strategies that weigh the two tasks' losses ("uncertainty", "dwa", "gradnorm"): one backward of the total the
/// method makes of them; one trainer, the method given when it is constructed (<c>new GradNormAttribute()</c>, ...).
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the papers. The shared layer is the body's last (fully connected)
/// layer, where GradNorm compares the tasks' gradient norms, as in the paper (the per-task backwards stop there); the
/// other methods do not use it. The fit loop calls <see cref="EndEpoch"/> (generated) after each epoch: DWA sets
/// the next epoch's weights then, the others do nothing.
/// </remarks>
[MultiLossTrainer]
public sealed partial class WeightingTrainer : IFashionTrainer
{
    [SharedLayer] private nn.Module<Tensor, Tensor> LastSharedLayer => net.LastSharedLayer;

    [Model] private readonly MultiFashionNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;
    [Method] private readonly TrainingMethodAttribute method;

    public WeightingTrainer(MultiFashionNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
    {
        this.net = net;
        this.optimizer = optimizer;
        this.method = method;
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
