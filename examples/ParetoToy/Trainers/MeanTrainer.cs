using MultiLoss;
using ParetoToy.Model;
using ParetoToy.Problem;
using TorchSharp;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>
/// No method: one backward of ½·L1 + ½·L2, the mean loss the paper's baseline ("Adam") descends.
/// </summary>
[MultiLossTrainer]
public sealed partial class MeanTrainer(ToyPoint point, optim.Optimizer optimizer) : IToyTrainer
{
    [Model] private readonly ToyPoint point = point;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step();

    [Forward]
    private (Tensor x1, Tensor x2) Position() => (point.X1, point.X2);

    [Loss(weight: 0.5)]
    private Tensor First(Tensor x1, Tensor x2) => ToyObjectives.First(x1, x2);

    [Loss(weight: 0.5)]
    private Tensor Second(Tensor x1, Tensor x2) => ToyObjectives.Second(x1, x2);

    bool IToyTrainer.Train()
    {
        Step();
        return false;
    }
}
