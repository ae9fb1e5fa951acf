using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "upgrad-features": UPGrad (Quinton &amp; Rey 2024) in representation mode, on the gradients of the body's
/// output instead of its parameters (LibMTL's rep_grad).
/// </summary>
/// <remarks>
/// As "upgrad", but each weighted loss is back-propagated to the body's 64 output features alone (through its head
/// only); the coefficients come from those gradients summed over the batch and weight each image's gradient alike, and
/// the combination goes down through the body in one pass. Cheaper than "upgrad" (one backward per loss through the
/// heads, not the whole net); a different aggregation, since the inner products are those of the features'
/// gradients.
/// </remarks>
[MultiLossTrainer, UPGrad, AggregateAt("features")]
public sealed partial class UpGradAtFeaturesTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public UpGradAtFeaturesTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor features, Tensor logits, Tensor recon) Forward(Tensor images) => net.ForwardWithFeatures(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    StepLosses IDigitsTrainer.Train(Tensor images, Tensor labels, TrainingReports? reports) => ReportedLosses.Read(Step(images, labels), reports);
}
