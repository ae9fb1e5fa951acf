using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>
/// Two losses whose inputs a test can get wrong: Classification throws for a label out of range, Balanced for class
/// weights of the wrong length. Balanced's latched gate opens on the first step it is decided (any loss is below 100),
/// and gradients accumulate over <see cref="Cycle"/> calls: a failed step that changed either would show.
/// </summary>
[MultiLossTrainer, AccumulateGradients(Cycle)]
public partial class FaultTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int Cycle = 2;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor target, Tensor classWeights);

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(100, Mode = GateMode.Add, Latch = true)]
    private Tensor Balanced(Tensor output, Tensor target, Tensor classWeights) => nn.functional.cross_entropy(output, target, weight: classWeights);
}

/// <summary>A trainer whose second loss a test chooses, to check what the step requires of a loss.</summary>
[MultiLossTrainer]
public partial class ChosenLossTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    /// <summary>The second loss, from the model's output.</summary>
    public System.Func<Tensor, Tensor> Second { get; set; } = output => output.pow(2).mean();

    public partial StepResult Step(Tensor input, Tensor target);

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)]
    private Tensor Activity(Tensor output) => Second(output);
}
