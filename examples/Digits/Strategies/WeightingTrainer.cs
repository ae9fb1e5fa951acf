using Digits.Model;
using Digits.Training;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// The strategies that weigh the losses ("uncertainty", "dwa", "gradnorm", "rlw", "famo", "gls", "stch", "imtl-l",
/// "log-losses", "excessmtl"): one backward of the total the method makes of the two losses; one trainer, the method
/// given when it is constructed (<c>new WeightingTrainer(net, optimizer, new GradNormAttribute())</c>).
/// </summary>
/// <remarks>
/// Both losses are declared with weight 1, as in the papers: the method sets the weights. The body is marked as the
/// shared layer for the methods that look at the losses' gradients there (GradNorm compares their norms, ExcessMTL
/// estimates their excess risks; the paper's GradNorm takes the last shared layer to save computation, which this
/// small network does not need); the others do not use it. The fit loop calls <see cref="EndEpoch"/> (generated)
/// after each epoch: DWA and STCH set the next epoch's weights then, the others do nothing.
/// </remarks>
[MultiLossTrainer]
public sealed partial class WeightingTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;
    [Method] private readonly TrainingMethodAttribute method;

    public WeightingTrainer(DigitsNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
    {
        this.net = net;
        this.optimizer = optimizer;
        this.method = method;
    }

    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    TResult IDigitsTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.Labels));
}
