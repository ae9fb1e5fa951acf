using Digits.Model;
using Digits.Training;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>
/// Strategy "dbmtl", dual-balancing multi-task learning (Lin et al. 2023), given <c>new DBMtlAttribute()</c>: both halves of the method. The losses are
/// declared as their logarithms, log(L_i + 1e-8), which balances their scales; the shared body gets the sum of moving
/// averages (β = 0.9) of their gradients, each scaled to the largest average's norm, which balances the gradients'
/// magnitudes.
/// </summary>
/// <remarks>
/// DB-MTL's gradient half is the aggregation method [DBMtl]; its loss half is the logarithm, which an aggregation
/// method cannot take itself (it is given gradients, never losses), so the trainer declares log-losses as the
/// method's docs say. Both are declared with weight 1: a declared weight cancels out of each normalised average and
/// would only move the largest norm. The heads get the gradient of the sum of the log-losses. The report holds the
/// log-losses; the history turns them back into the losses (LogLoss.Undo, as ReportsLogLosses says) so that this strategy's losses compare with the
/// others', and leaves the total as the sum of the logarithms. The body's gradient combines the averages, not this
/// step's gradients, so the method reports no effective weights (NaN).
/// </remarks>
[MultiLossTrainer]
public sealed partial class LogLossAggregationTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;
    [Method] private readonly TrainingMethodAttribute method;

    public LogLossAggregationTrainer(DigitsNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
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
    private Tensor Classification(Tensor logits, Tensor labels) => LogLoss.Of(DigitsLosses.Classification(logits, labels));

    [Loss]
    private Tensor Reconstruction(Tensor recon, Tensor images) => LogLoss.Of(DigitsLosses.Reconstruction(recon, images));

    bool IDigitsTrainer.ReportsLogLosses => true;

    TResult IDigitsTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.Labels));
}
