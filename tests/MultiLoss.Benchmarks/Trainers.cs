using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace MultiLoss.Benchmarks;

// The generated side of every benchmark: one trainer per strategy, all on the same two losses.
// Each declares its step, because the regression loss binds a third tensor (the one-hot target), and marks it
// NoInlining (attributes of a partial method's declaration apply to the generated implementation) so it is compiled
// on its own, like the hand loops (see HandLoops).

/// <summary>Weighted sum: (0.7·L1 + 0.3·L2).backward().</summary>
[MultiLossTrainer]
public partial class WeightedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>Separate backward: (0.7·L1).backward(retain_graph: true); (0.3·L2).backward().</summary>
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class SeparateTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>The seed's host-side threshold gate: L2 replaces L1 while L1 &lt; 2.0.</summary>
[MultiLossTrainer]
public partial class GatedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight), GateOn(Losses.GateThreshold)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}

/// <summary>Phase 1 weighted sum (combined backward), phase 2 separate backward.</summary>
[MultiLossTrainer]
[Phase(1, Backward = BackwardMode.Combined, Steps = Losses.PhaseOneSteps)]
[Phase(2, Backward = BackwardMode.Separate)]
public partial class PhasedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public partial StepResult Step(Tensor input, Tensor target, Tensor onehot);

    [Loss(weight: Losses.ClassificationWeight)]
    private Tensor Classification(Tensor output, Tensor target) => Losses.Classification(output, target);

    [Loss(weight: Losses.RegressionWeight)]
    private Tensor Regression(Tensor output, Tensor onehot) => Losses.Regression(output, onehot);
}
