using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MyTrainer;

/// <summary>
/// One network, two tasks: its first outputs are class scores, its last output estimates a number. The generator
/// writes <c>Step</c>: forward, both losses, one backward of 1.0 · classification + 0.5 · regression, Adam's step.
/// </summary>
[MultiLossTrainer]
public sealed partial class TwoTaskTrainer
{
    [Model] private readonly nn.Module<Tensor, Tensor> model;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public TwoTaskTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        this.model = model;
        this.optimizer = optimizer;
    }

    /// <summary>One training step; the losses' parameters bind to these by name.</summary>
    public partial StepResult Step(Tensor features, Tensor label, Tensor target);

    [Forward]
    private (Tensor logits, Tensor estimate) Forward(Tensor features)
    {
        var output = model.forward(features);
        return (output.narrow(1, 0, SyntheticData.ClassCount), output.narrow(1, SyntheticData.ClassCount, 1).squeeze(1));
    }

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor logits, Tensor label) => nn.functional.cross_entropy(logits, label);

    [Loss(weight: 0.5)]
    private Tensor Regression(Tensor estimate, Tensor target) => nn.functional.mse_loss(estimate, target);
}
