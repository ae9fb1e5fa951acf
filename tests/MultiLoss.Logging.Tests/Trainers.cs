using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Logging.Tests;

// Small trainers that between them report every kind of value: losses left out by a closed host gate or another phase
// (NaN), a device gate, learned weights on the device, a metric on the device, a ramped weight, skipped steps and
// accumulation on the host.
// Classification falls below the gates' threshold on the learnable batch and never on the batch of zeros
// (TwoBatches), so the gates open and close.

[MultiLossTrainer]
public sealed partial class HostGateTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(TwoBatches.Threshold, Mode = GateMode.Add)]
    private Tensor Magnitude(Tensor output) => output.pow(2).mean();
}

[MultiLossTrainer]
public sealed partial class DeviceGateTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(TwoBatches.Threshold, Mode = GateMode.Add, Evaluation = GateEvaluation.Device)]
    private Tensor Magnitude(Tensor output) => output.pow(2).mean();
}

[MultiLossTrainer]
[Phase(1, Steps = 5)]
[Phase(2)]
public sealed partial class PhasedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), Phase(2)]
    private Tensor Magnitude(Tensor output) => output.pow(2).mean();
}

[MultiLossTrainer, UncertaintyWeighting]
public sealed partial class UncertaintyTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)]
    private Tensor Magnitude(Tensor output) => output.pow(2).mean();
}

[MultiLossTrainer]
[SkipNonFinite]
[AccumulateGradients(2)]
public sealed partial class ControlledTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5, WarmupSteps = 10)]
    private Tensor Magnitude(Tensor output) => output.pow(2).mean();
}

[MultiLossTrainer]
public sealed partial class MetricTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 1.0)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(TwoBatches.Threshold, Mode = GateMode.Add)]
    private Tensor Magnitude(Tensor output) => output.pow(2).mean();

    [Metric]
    private Tensor Accuracy(Tensor output, Tensor target) => output.argmax(1).eq(target).to_type(ScalarType.Float32).mean();
}
