using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>MGDA with L2 normalisation at the shared body: the heads get the gradient of the weighted sum.</summary>
[MultiLossTrainer, Mgda(Normalization = MgdaNormalization.L2)]
public partial class ThreeHeadMgda(ThreeHeadNet net, optim.Optimizer optimizer)
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

/// <summary>UPGrad without a shared layer: every parameter of the model is aggregated.</summary>
[MultiLossTrainer, UPGrad]
public partial class ThreeHeadUpGrad(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>DualProj with Parity weighed lightly, so that its gradient sometimes opposes the mean of the three.</summary>
[MultiLossTrainer, DualProj]
public partial class ThreeHeadDualProj(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.02)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

[MultiLossTrainer, CAGrad(C = 0.4, Rescale = CAGradRescale.OnePlusCSquared)]
public partial class ThreeHeadCaGrad(ThreeHeadNet net, optim.Optimizer optimizer)
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
