using MultiLoss;
using ParetoToy.Model;
using ParetoToy.Problem;
using TorchSharp;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>Nash-MTL (Navon et al. 2022) with its defaults: weights α solving α ∘ (Gα) = 1, the result clipped to norm 1.</summary>
[MultiLossTrainer, NashMTL]
public sealed partial class NashMtlTrainer(ToyPoint point, optim.Optimizer optimizer) : IToyTrainer
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
