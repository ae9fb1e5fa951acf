using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

// One trainer per seed strategy and combination. Every one trains an MLP on Classification (cross-entropy,
// the primary loss) plus output-magnitude penalties, so the equivalence tests can write the same hand loops.

/// <summary>Separate backward: one backward per weighted loss.</summary>
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class SeparateTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();

    /// <summary>An alias of the last loss's graph, so a test can show the step freed it.</summary>
    public Tensor? LastGraph { get; private set; }

    [Loss]
    private Tensor Sparsity(Tensor output)
    {
        var loss = output.abs().mean();
        LastGraph?.Dispose();
        LastGraph = loss.mul(1.0).DetachFromDisposeScope();
        return loss;
    }
}

/// <summary>The seed's threshold gate: Confidence replaces Classification while Classification is below 1.39.</summary>
[MultiLossTrainer]
public partial class GateSwitchTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 1.39;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.5)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 2.0), GateOn(Threshold)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>An additive gate: Confidence joins Classification while Classification is below 1.39.</summary>
[MultiLossTrainer]
public partial class GateAddTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 1.39;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(Threshold, Mode = GateMode.Add)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>A latched gate: once Classification has been below 1.39, Confidence replaces it for good.</summary>
[MultiLossTrainer]
public partial class GateLatchTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 1.39;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss, GateOn(Threshold, Latch = true)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Phase 1 (10 steps) combined, phase 2 separate.</summary>
[MultiLossTrainer]
[Phase(1, Backward = BackwardMode.Combined, Steps = PhaseOneSteps)]
[Phase(2, Backward = BackwardMode.Separate)]
public partial class PhasedBySteps(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int PhaseOneSteps = 10;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Phase 1 combined until a condition holds (after 12 steps), phase 2 separate.</summary>
[MultiLossTrainer]
[Phase(1, Until = nameof(WarmedUp))]
[Phase(2, Backward = BackwardMode.Separate)]
public partial class PhasedByCondition(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int WarmUpSteps = 12;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    private bool WarmedUp() => StepsTaken >= WarmUpSteps;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>
/// Combination: phase 1 trains Classification alone for 8 steps; in phase 2 Sparsity joins and Confidence is
/// gated on Classification.
/// </summary>
[MultiLossTrainer]
[Phase(1, Steps = PhaseOneSteps)]
[Phase(2)]
public partial class GatedPhasesTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int PhaseOneSteps = 8;
    public const double Threshold = 1.37;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), Phase(2), GateOn(Threshold)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();

    [Loss(weight: 0.1), Phase(2)]
    private Tensor Sparsity(Tensor output) => output.abs().mean();
}

/// <summary>Combination: separate backward with a switch gate and an ungated third loss.</summary>
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class SeparateGatedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double Threshold = 1.39;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.8)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(Threshold)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();

    [Loss(weight: 0.1)]
    private Tensor Sparsity(Tensor output) => output.abs().mean();
}

/// <summary>Combination: a chain of gates. Confidence joins below 1.39; Sparsity replaces Confidence once Confidence &lt; 0.02.</summary>
[MultiLossTrainer]
public partial class ChainedGatesTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double ClassificationThreshold = 1.39;
    public const double ConfidenceThreshold = 0.02;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(ConfidenceThreshold, On = nameof(Confidence))]
    private Tensor Sparsity(Tensor output) => output.abs().mean();

    [Loss(weight: 2.0), GateOn(ClassificationThreshold, Mode = GateMode.Add)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>The seed's switch gate decided on the device (same configuration as <see cref="GateSwitchTrainer"/>).</summary>
[MultiLossTrainer]
public partial class DeviceGateSwitchTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.5)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 2.0), GateOn(GateSwitchTrainer.Threshold, Evaluation = GateEvaluation.Device)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>The latched gate decided on the device (same configuration as <see cref="GateLatchTrainer"/>).</summary>
[MultiLossTrainer]
public partial class DeviceGateLatchTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss, GateOn(GateLatchTrainer.Threshold, Latch = true, Evaluation = GateEvaluation.Device)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>The chain of gates decided on the device (same configuration as <see cref="ChainedGatesTrainer"/>).</summary>
[MultiLossTrainer]
public partial class DeviceChainedGatesTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(ChainedGatesTrainer.ConfidenceThreshold, On = nameof(Confidence), Evaluation = GateEvaluation.Device)]
    private Tensor Sparsity(Tensor output) => output.abs().mean();

    [Loss(weight: 2.0), GateOn(ChainedGatesTrainer.ClassificationThreshold, Mode = GateMode.Add, Evaluation = GateEvaluation.Device)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>The separate-backward gated trainer with its gate on the device (as <see cref="SeparateGatedTrainer"/>).</summary>
[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class DeviceSeparateGatedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.8)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(SeparateGatedTrainer.Threshold, Evaluation = GateEvaluation.Device)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();

    [Loss(weight: 0.1)]
    private Tensor Sparsity(Tensor output) => output.abs().mean();
}
