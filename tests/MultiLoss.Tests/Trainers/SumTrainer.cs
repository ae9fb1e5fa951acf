using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>Three losses with the default weight 1: the plain sum.</summary>
[MultiLossTrainer]
public partial class SumTrainer
{
    [Model] private readonly nn.Module<Tensor, Tensor> model;
    [Optimizer] private readonly optim.Optimizer optimizer;

    public SumTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        this.model = model;
        this.optimizer = optimizer;
    }

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();

    [Loss]
    private Tensor Sparsity(Tensor output) => output.abs().mean();
}
