using Digits.Model;
using Digits.Training;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// The strategies that aggregate at the body's 64 output features ("upgrad-features", "graddrop"), representation mode:
/// each weighted loss is back-propagated to the features alone (through its head only), the method combines those
/// gradients, and one backward through the body takes the result; the heads get the weighted sum's gradient. One
/// trainer, the aggregation method given when it is constructed.
/// </summary>
/// <remarks>The weights are the weighted strategy's, 1.0 and 0.5.</remarks>
[MultiLossTrainer, AggregateAt("features")]
public sealed partial class RepresentationTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;
    [Method] private readonly TrainingMethodAttribute method;

    public RepresentationTrainer(DigitsNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
    {
        this.net = net;
        this.optimizer = optimizer;
        this.method = method;
    }

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor features, Tensor logits, Tensor recon) Forward(Tensor images) => net.ForwardWithFeatures(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    TResult IDigitsTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.Labels));
}
