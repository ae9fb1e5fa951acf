using System.Linq;
using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>UPGrad at the body's output: the losses' gradients of the hidden features, summed over the batch, aggregated.</summary>
[MultiLossTrainer, UPGrad, AggregateAt("hidden")]
public partial class ThreeHeadUpGradAtHidden(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor hidden, Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => ThreeHeadLosses.WithHidden(net, input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>Nash-MTL, unclipped, at the body's output: weights that scale as 1/‖g‖, so they tell a sum over the batch from a mean.</summary>
[MultiLossTrainer, NashMtl(MaxNorm = 0), AggregateAt("hidden")]
public partial class ThreeHeadNashAtHidden(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor hidden, Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => ThreeHeadLosses.WithHidden(net, input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>MGDA at the body's output (MGDA-UB's place, with LibMTL's sum over the batch).</summary>
[MultiLossTrainer, Mgda, AggregateAt("hidden")]
public partial class ThreeHeadMgdaAtHidden(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor hidden, Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => ThreeHeadLosses.WithHidden(net, input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>GradDrop at the body's output with leak 0.2, seeded.</summary>
[MultiLossTrainer, GradDrop(Leak = 0.2, Seed = 11), AggregateAt("hidden")]
public partial class ThreeHeadGradDrop(ThreeHeadNet net, optim.Optimizer optimizer)
{
    public const double Leak = 0.2;
    public const ulong Seed = 11;

    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor hidden, Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => ThreeHeadLosses.WithHidden(net, input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>A user's solver that throws at the third step, with and without <c>[SkipNonFinite]</c>.</summary>
[MultiLossTrainer, SkipNonFinite, MultiLoss.Tests.UserMethods.ThrowingSolver]
public partial class TwoHeadGuardedFailingSolver(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor recon) Forward(Tensor input)
    {
        var (logits, _, recon) = net.forward(input);
        return (logits, recon);
    }

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The same without <c>[SkipNonFinite]</c>: the failure reaches the caller.</summary>
[MultiLossTrainer, MultiLoss.Tests.UserMethods.ThrowingSolver]
public partial class TwoHeadThrowingSolver(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor recon) Forward(Tensor input)
    {
        var (logits, _, recon) = net.forward(input);
        return (logits, recon);
    }

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>A user's solver that fails at the third step and falls back to the weights it solved for last.</summary>
[MultiLossTrainer, MultiLoss.Tests.UserMethods.FailingSolver]
public partial class TwoHeadFallingBackSolver(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor recon) Forward(Tensor input)
    {
        var (logits, _, recon) = net.forward(input);
        return (logits, recon);
    }

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>A trainer declared with a method attribute whose Create() returns null.</summary>
[MultiLossTrainer, MultiLoss.Tests.UserMethods.NullMethod]
public partial class TwoHeadNullMethod(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor recon) Forward(Tensor input)
    {
        var (logits, _, recon) = net.forward(input);
        return (logits, recon);
    }

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>UPGrad at the body's output, with a loss of the classifier's weights alone, which is not computed from it.</summary>
[MultiLossTrainer, UPGrad, AggregateAt("hidden")]
public partial class ThreeHeadAtHiddenWithDecay(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor hidden, Tensor logits) Forward(Tensor input)
    {
        var (hidden, logits, _, _) = ThreeHeadLosses.WithHidden(net, input);
        return (hidden, logits);
    }

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.01)] private Tensor Decay(Tensor input) => net.Classifier.parameters().First().pow(2).sum();
}
