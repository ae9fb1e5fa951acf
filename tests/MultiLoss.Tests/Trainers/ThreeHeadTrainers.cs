using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>The three heads' losses, shared by the trainers below and the hand loops that check them.</summary>
public static class ThreeHeadLosses
{
    /// <summary>Low enough that the classification loss crosses it part-way through the tests' runs.</summary>
    public const double GateThreshold = 1.38;

    public static Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    public static Tensor Parity(Tensor parity, Tensor labels) => nn.functional.cross_entropy(parity, labels.remainder(2));

    public static Tensor Reconstruction(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);

    /// <summary>The net's forward pass with the body's output (the representation) as an output of its own.</summary>
    public static (Tensor hidden, Tensor logits, Tensor parity, Tensor recon) WithHidden(ThreeHeadNet net, Tensor input)
    {
        var hidden = net.Body.forward(input);
        return (hidden, net.Classifier.forward(hidden), net.ParityHead.forward(hidden), net.Decoder.forward(hidden));
    }
}

[MultiLossTrainer]
public partial class ThreeHeadWeighted(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

[MultiLossTrainer(Backward = BackwardMode.Separate)]
public partial class ThreeHeadSeparate(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>Parity replaces Classification once Classification is below the threshold: one of the two heads rests each step.</summary>
[MultiLossTrainer]
public partial class ThreeHeadGateSwitch(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

[MultiLossTrainer]
public partial class ThreeHeadGateAdd(ThreeHeadNet net, optim.Optimizer optimizer)
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

[MultiLossTrainer]
public partial class ThreeHeadGateLatch(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold, Latch = true)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The switch gate evaluated on the device: the closed loss is computed and multiplied by 0, so its head gets a zero gradient.</summary>
[MultiLossTrainer]
public partial class ThreeHeadDeviceGate(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold, Evaluation = GateEvaluation.Device)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>Phase 1 trains classification only; phase 2 parity and reconstruction, with separate backward.</summary>
[MultiLossTrainer]
[Phase(1, Steps = PhaseOneSteps)]
[Phase(2, Backward = BackwardMode.Separate)]
public partial class ThreeHeadPhased(ThreeHeadNet net, optim.Optimizer optimizer)
{
    public const int PhaseOneSteps = 6;

    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss, Phase(1)] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), Phase(2)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5), Phase(2)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>Reconstruction trains only the decoder; parity only its head.</summary>
[MultiLossTrainer]
public partial class ThreeHeadUpdates(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    private nn.Module<Tensor, Tensor> Decoder => net.Decoder;

    private nn.Module<Tensor, Tensor> ParityHead => net.ParityHead;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5, Updates = nameof(ParityHead)), GateOn(ThreeHeadLosses.GateThreshold, Mode = GateMode.Add)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5, Updates = nameof(Decoder))] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

/// <summary>The switch gate with every training control: a skipped step, clipping, a 2-call accumulation cycle.</summary>
[MultiLossTrainer, SkipNonFinite, ClipGradNorm(1.0), AccumulateGradients(2)]
public partial class ThreeHeadControlled(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5, WarmupSteps = 8)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

[MultiLossTrainer, UncertaintyWeighting]
public partial class ThreeHeadUncertainty(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

[MultiLossTrainer, DynamicWeightAverage]
public partial class ThreeHeadDwa(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);
}

[MultiLossTrainer, GradNorm]
public partial class ThreeHeadGradNorm(ThreeHeadNet net, optim.Optimizer optimizer)
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

[MultiLossTrainer, PCGrad]
public partial class ThreeHeadPCGrad(ThreeHeadNet net, optim.Optimizer optimizer)
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
