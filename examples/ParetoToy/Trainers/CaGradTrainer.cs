using MultiLoss;
using ParetoToy.Model;
using ParetoToy.Problem;
using TorchSharp;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>CAGrad (Liu et al. 2021) with the toy's c = 0.5 and its division by 1 + c.</summary>
[MultiLossTrainer, CAGrad(C = 0.5, Rescale = CAGradRescale.OnePlusC)]
public sealed partial class CaGradTrainer(ToyPoint point, optim.Optimizer optimizer) : IToyTrainer
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
