using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "graddrop", gradient sign dropout (Chen et al. 2020), in representation mode: at each of the body's 64
/// output features, the two losses' gradients are kept only on one sign, positive with probability equal to the share
/// of positive gradient there (the batch summed with the signs of the features), and the body gets the masked sum.
/// </summary>
/// <remarks>
/// The weights are the weighted strategy's, 1.0 and 0.5. Each weighted loss is back-propagated to the body's output
/// alone (through its head only), the masked sum goes down through the body in one pass, and the heads get the
/// gradient of the weighted sum. Leak 0 and seed 0, the defaults. No effective weights: the result is not a
/// combination of the gradients.
/// </remarks>
[MultiLossTrainer, GradDrop, AggregateAt("features")]
public sealed partial class GradDropTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public GradDropTrainer(DigitsNet net, optim.Optimizer optimizer)
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
