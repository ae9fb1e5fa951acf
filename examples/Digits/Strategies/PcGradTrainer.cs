using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "pcgrad" (Yu et al. 2020): the weighted strategy's losses, 1.0 · classification and 0.5 · reconstruction,
/// with gradient surgery at the shared body: each loss's gradient of the body's parameters is computed on its own, and
/// when the two conflict (negative dot product) each is projected onto the normal plane of the other before they are
/// summed. The heads get the gradient of the weighted sum, as in the weighted strategy.
/// </summary>
/// <remarks>
/// The weights are the weighted strategy's, so the two differ only by the projection: where the gradients do not
/// conflict, the step is the weighted one. With two losses the order in which the projections are applied does not matter.
/// </remarks>
[MultiLossTrainer, PCGrad]
public sealed partial class PcGradTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public PcGradTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    StepLosses IDigitsTrainer.Train(Tensor images, Tensor labels, TrainingReports? reports) => ReportedLosses.Read(Step(images, labels), reports);
}
