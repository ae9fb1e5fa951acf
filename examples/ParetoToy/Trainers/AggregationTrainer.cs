using MultiLoss;
using ParetoToy.Model;
using ParetoToy.Problem;
using TorchSharp;
using static TorchSharp.torch;

namespace ParetoToy.Trainers;

/// <summary>
/// The methods that aggregate the two objectives' gradients with unit weights (MGDA, CAGrad, Nash-MTL, UPGrad, IMTL-G,
/// Aligned-MTL, ConFIG): one trainer, the method given when it is constructed.
/// </summary>
[MultiLossTrainer]
public sealed partial class AggregationTrainer(ToyPoint point, optim.Optimizer optimizer, TrainingMethodAttribute method) : IToyTrainer
{
    [Model] private readonly ToyPoint point = point;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private readonly TrainingMethodAttribute method = method;

    public partial StepResult Step();

    [Forward]
    private (Tensor x1, Tensor x2) Position() => (point.X1, point.X2);

    [Loss]
    private Tensor First(Tensor x1, Tensor x2) => ToyObjectives.First(x1, x2);

    [Loss]
    private Tensor Second(Tensor x1, Tensor x2) => ToyObjectives.Second(x1, x2);

    bool IToyTrainer.Train() => Step().FellBack;
}
