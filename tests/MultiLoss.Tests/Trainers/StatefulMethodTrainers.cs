using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>GradVac, declared by its attribute, over the three-headed net's shared body.</summary>
[MultiLossTrainer, GradVac(Beta = 0.2, Seed = 5)]
public partial class ThreeHeadGradVac(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>MoCo, declared by its attribute, over the three-headed net's shared body.</summary>
[MultiLossTrainer, MoCo(Beta = 0.6, BetaDecay = 0.5, Gamma = 0.2, GammaDecay = 0.5, Rho = 0.5)]
public partial class ThreeHeadMoCo(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>
/// DB-MTL: its gradient balancing declared by attribute, its loss-scale balancing by declaring each loss as its logarithm.
/// </summary>
[MultiLossTrainer, DBMtl(Beta = 0.8, BetaDecay = 0.5)]
public partial class ThreeHeadDBMtl(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels).log();

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels).log();

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input).log();
}

/// <summary>FairGrad, declared by its attribute, over the three-headed net's shared body.</summary>
[MultiLossTrainer, FairGrad(Alpha = 2)]
public partial class ThreeHeadFairGrad(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}
