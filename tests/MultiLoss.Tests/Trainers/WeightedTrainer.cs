using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>Two losses on one output, weighted 0.7 / 0.3.</summary>
[MultiLossTrainer]
public partial class WeightedTrainer
{
    [Model] private readonly nn.Module<Tensor, Tensor> model;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public WeightedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        this.model = model;
        this.optimizer = optimizer;
    }

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}
