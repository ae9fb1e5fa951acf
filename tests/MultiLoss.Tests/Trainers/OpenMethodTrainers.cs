using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>The three-headed configuration with its method chosen at construction, the body marked shared.</summary>
[MultiLossTrainer]
public partial class ThreeHeadOpenShared(ThreeHeadNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private readonly TrainingMethodAttribute method = method;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The three-headed configuration with its method chosen at construction, no layer marked shared.</summary>
[MultiLossTrainer]
public partial class ThreeHeadOpen(ThreeHeadNet net, optim.Optimizer optimizer, TrainingMethodAttribute? method)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private TrainingMethodAttribute? Method { get; } = method;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The three-headed configuration with its method chosen at construction, aggregating at the body's output.</summary>
[MultiLossTrainer, AggregateAt("hidden")]
public partial class ThreeHeadOpenAtHidden(ThreeHeadNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private readonly TrainingMethodAttribute method = method;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor hidden, Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => ThreeHeadLosses.WithHidden(net, input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The log losses with the method chosen at construction, the body marked shared (DB-MTL's configuration).</summary>
[MultiLossTrainer]
public partial class ThreeHeadOpenLogShared(ThreeHeadNet net, optim.Optimizer optimizer, TrainingMethodAttribute method)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private readonly TrainingMethodAttribute method = method;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels).log();

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels).log();

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input).log();
}

/// <summary>The geometric loss strategy named on a trainer without gates, to compare with the open trainer.</summary>
[MultiLossTrainer, GeometricLossStrategy]
public partial class ThreeHeadGlsEveryStep(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The scale-invariant log loss named on a trainer without gates, to compare with the open trainer.</summary>
[MultiLossTrainer, ScaleInvariantLogLoss]
public partial class ThreeHeadLogLossEveryStep(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>A user's weighting method named on a trainer without gates, to compare with the open trainer.</summary>
[MultiLossTrainer, MultiLoss.Tests.UserMethods.RunningMeanWeighting(Beta = 0.8)]
public partial class ThreeHeadRunningMeanEveryStep(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}
