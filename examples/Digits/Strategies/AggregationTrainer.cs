using Digits.Model;
using Digits.Training;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// The strategies that aggregate the losses' gradients at the shared body ("pcgrad", "mgda", "upgrad", "dualproj",
/// "cagrad", "imtl-g", "nashmtl", "alignedmtl", "config", "gradvac", "moco", "fairgrad"): one trainer, the method given
/// when it is constructed (<c>new AggregationTrainer(net, optimizer, new UPGradAttribute())</c>).
/// </summary>
/// <remarks>
/// The weights are the weighted strategy's, 1.0 and 0.5, so that each differs from it only by the aggregation: the
/// gradient of each weighted loss w_i·L_i at the body is computed on its own (one backward each), the body gets the
/// method's combination of them, and the heads get the gradient of the weighted sum, as in the weighted strategy. The
/// reported weights are the combination's coefficients times the declared weights (NaN for MoCo, whose result
/// combines tracked gradients).
/// </remarks>
[MultiLossTrainer]
public sealed partial class AggregationTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;
    [Method] private readonly TrainingMethodAttribute method;

    public AggregationTrainer(DigitsNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
    {
        this.net = net;
        this.optimizer = optimizer;
        this.method = method;
    }

    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    TResult IDigitsTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.Labels));
}
