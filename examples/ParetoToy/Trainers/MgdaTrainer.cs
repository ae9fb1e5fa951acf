using MultiLoss;
using ParetoToy.Model;
using ParetoToy.Problem;
using TorchSharp;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>MGDA (Sener &amp; Koltun 2018): the min-norm point of the convex hull of ∇L1 and ∇L2, as the paper's code computes it.</summary>
[MultiLossTrainer, MGDA]
public sealed partial class MgdaTrainer(ToyPoint point, optim.Optimizer optimizer) : IToyTrainer
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
