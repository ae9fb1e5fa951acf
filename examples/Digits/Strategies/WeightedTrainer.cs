using Digits.Model;
using Digits.Training;
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Strategies;

/// <summary>Strategy "weighted": one backward of 1.0 · classification + 0.5 · reconstruction.</summary>
[MultiLossTrainer]
public sealed partial class WeightedTrainer : IDigitsTrainer
{
    [Model] private readonly DigitsNet net;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public WeightedTrainer(DigitsNet net, optim.Optimizer optimizer)
    {
        this.net = net;
        this.optimizer = optimizer;
    }

    public partial StepResult Step(Tensor images, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor images) => net.forward(images);

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor labels) => DigitsLosses.Classification(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor images) => DigitsLosses.Reconstruction(recon, images);

    TResult IDigitsTrainer.Accept<TResult>(IStepVisitor<TResult> visitor) => visitor.Visit(this, batch => Step(batch.Images, batch.Labels));
}
