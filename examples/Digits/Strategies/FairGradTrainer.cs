using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "fairgrad", fair resource allocation in multi-task learning (Ban &amp; Ji, ICML 2024): the shared body gets Σ
/// ω_i·g_i with ω > 0 solving G·ω = ω^(−1/α) for the Gramian G of the two gradients, α = 1 (proportional fairness).
/// </summary>
/// <remarks>
/// The weights are the weighted strategy's, 1.0 and 0.5, so that the two differ only by the aggregation: the gradient
/// of each weighted loss w_i·L_i at the shared body is computed on its own (one backward each), the body gets their
/// combination, and the heads get the gradient of the weighted sum, as in the weighted strategy. The reported weights
/// are the combination's coefficients times the declared weights.
/// </remarks>
[MultiLossTrainer, FairGrad]
public sealed partial class FairGradTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public FairGradTrainer(DigitsNet net, optim.Optimizer optimizer)
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
