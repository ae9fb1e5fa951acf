using Digits.Model;
using MultiLoss;
using MultiLoss.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "moco", multi-objective gradient correction (Fernando et al., ICLR 2023): each loss's gradient at the
/// shared body is tracked by a moving average y_i, weights λ on the simplex take a projected step against (Y·Yᵀ)·λ,
/// and the body gets Σ λ_i·y_i.
/// </summary>
/// <remarks>
/// The weights are the weighted strategy's, 1.0 and 0.5, so that the two differ only by the aggregation: the gradient
/// of each weighted loss w_i·L_i at the shared body is computed on its own (one backward each), the body gets their
/// combination, and the heads get the gradient of the weighted sum, as in the weighted strategy. The body's gradient
/// combines the tracked averages, not this step's gradients, so the method reports no effective weights (NaN). The
/// defaults: β = 0.5, γ = 0.1, both decaying as 1/√t, ρ = 0.
/// </remarks>
[MultiLossTrainer, MoCo]
public sealed partial class MoCoTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public MoCoTrainer(DigitsNet net, optim.Optimizer optimizer)
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
