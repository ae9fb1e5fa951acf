using MultiLoss;
using MultiLoss.Tests.UserMethods;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>Random loss weighting, declared by its attribute: a method the generator was not changed for.</summary>
[MultiLossTrainer, RandomLossWeighting(Seed = 7)]
public partial class ThreeHeadRlw(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>A user's own method (<see cref="RunningMeanWeighting"/>), with a gate: the method sees the gated loss as null while it rests.</summary>
[MultiLossTrainer, RunningMeanWeighting(Beta = 0.8)]
public partial class ThreeHeadRunningMean(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold, Mode = GateMode.Add)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>FAMO: its logits learn from the losses the generated step computes again after each optimizer step.</summary>
[MultiLossTrainer, Famo]
public partial class ThreeHeadFamo(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}
