using MultiLoss;
using ParetoToy.Model;
using ParetoToy.Problem;
using TorchSharp;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>IMTL-G (Liu et al. 2021): the combination with equal projections on both unit gradients, its weights summing to 1.</summary>
[MultiLossTrainer, IMTLG]
public sealed partial class ImtlGTrainer(ToyPoint point, optim.Optimizer optimizer) : IToyTrainer
{
    [Model] private readonly ToyPoint point = point;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step();

    [Forward]
    private (Tensor x1, Tensor x2) Position() => (point.X1, point.X2);

    [Loss]
    private Tensor First(Tensor x1, Tensor x2) => ToyObjectives.First(x1, x2);

    [Loss]
    private Tensor Second(Tensor x1, Tensor x2) => ToyObjectives.Second(x1, x2);

    bool IToyTrainer.Train() => Step().FellBack;
}
