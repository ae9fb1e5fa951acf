using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

/// <summary>The metrics of the trainers below: the classifier's and the parity head's accuracy on the batch.</summary>
public static class ThreeHeadMetrics
{
    public static Tensor Accuracy(Tensor logits, Tensor labels) => logits.argmax(1).eq(labels).to_type(ScalarType.Float32).mean();

    public static Tensor ParityAccuracy(Tensor parity, Tensor labels) => parity.argmax(1).eq(labels.remainder(2)).to_type(ScalarType.Float32).mean();
}

// Each trainer below is the trainer of the same configuration without "Metrics" in its name, plus two metrics: training
// with them must be exactly training without them.

[MultiLossTrainer]
public partial class ThreeHeadWeightedMetrics(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);

    [Metric] private Tensor Accuracy(Tensor logits, Tensor labels) => ThreeHeadMetrics.Accuracy(logits, labels);

    [Metric(Name = "Parity accuracy")] private Tensor ParityAccuracy(Tensor parity, Tensor labels) => ThreeHeadMetrics.ParityAccuracy(parity, labels);
}

[MultiLossTrainer, GeometricLossStrategy]
public partial class ThreeHeadGlsMetrics(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold, Mode = GateMode.Add)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);

    [Metric] private Tensor Accuracy(Tensor logits, Tensor labels) => ThreeHeadMetrics.Accuracy(logits, labels);

    [Metric] private Tensor ParityAccuracy(Tensor parity, Tensor labels) => ThreeHeadMetrics.ParityAccuracy(parity, labels);
}

[MultiLossTrainer, Famo]
public partial class ThreeHeadFamoMetrics(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);

    [Metric] private Tensor Accuracy(Tensor logits, Tensor labels) => ThreeHeadMetrics.Accuracy(logits, labels);

    [Metric] private Tensor ParityAccuracy(Tensor parity, Tensor labels) => ThreeHeadMetrics.ParityAccuracy(parity, labels);
}

[MultiLossTrainer, ScaleInvariantLogLoss]
public partial class ThreeHeadLogLossMetrics(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5), GateOn(ThreeHeadLosses.GateThreshold, Mode = GateMode.Add)]
    private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);

    [Metric] private Tensor Accuracy(Tensor logits, Tensor labels) => ThreeHeadMetrics.Accuracy(logits, labels);

    [Metric] private Tensor ParityAccuracy(Tensor parity, Tensor labels) => ThreeHeadMetrics.ParityAccuracy(parity, labels);
}

[MultiLossTrainer, UPGrad]
public partial class ThreeHeadUpGradMetrics(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);

    [Metric] private Tensor Accuracy(Tensor logits, Tensor labels) => ThreeHeadMetrics.Accuracy(logits, labels);

    [Metric] private Tensor ParityAccuracy(Tensor parity, Tensor labels) => ThreeHeadMetrics.ParityAccuracy(parity, labels);
}

[MultiLossTrainer]
public partial class ThreeHeadOpenMetrics(ThreeHeadNet net, optim.Optimizer optimizer, TrainingMethodAttribute? method)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [Method] private TrainingMethodAttribute? Method { get; } = method;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private (Tensor logits, Tensor parity, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss] private Tensor Classification(Tensor logits, Tensor labels) => ThreeHeadLosses.Classification(logits, labels);

    [Loss(weight: 0.5)] private Tensor Parity(Tensor parity, Tensor labels) => ThreeHeadLosses.Parity(parity, labels);

    [Loss(weight: 0.5)] private Tensor Reconstruction(Tensor recon, Tensor input) => ThreeHeadLosses.Reconstruction(recon, input);

    [Metric] private Tensor Accuracy(Tensor logits, Tensor labels) => ThreeHeadMetrics.Accuracy(logits, labels);

    [Metric] private Tensor ParityAccuracy(Tensor parity, Tensor labels) => ThreeHeadMetrics.ParityAccuracy(parity, labels);
}

/// <summary>A metric that records what it sees: whether gradients were on, and whether its input and its result had a graph.</summary>
[MultiLossTrainer]
public partial class ThreeHeadMetricProbe(ThreeHeadNet net, optim.Optimizer optimizer)
{
    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public bool GradientsWereOn { get; private set; }

    public bool InputHadGraph { get; private set; }

    public bool ResultHadGraph { get; private set; }

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private Tensor Forward(Tensor input) => net.forward(input).logits;

    [Loss] private Tensor Classification(Tensor output, Tensor labels) => ThreeHeadLosses.Classification(output, labels);

    [Metric]
    private Tensor Confidence(Tensor output)
    {
        GradientsWereOn = is_grad_enabled();
        InputHadGraph = output.requires_grad;
        var confidence = output.softmax(1).max(1).values.mean();
        ResultHadGraph = confidence.requires_grad;
        return confidence;
    }
}

/// <summary>A metric that fails as it is told: it throws, returns one value per sample, or returns null.</summary>
[MultiLossTrainer]
public partial class FaultyMetricTrainer(ThreeHeadNet net, optim.Optimizer optimizer)
{
    public enum Fault
    {
        None,
        Throws,
        PerSample,
        Null,
    }

    [Model] private readonly ThreeHeadNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public Fault Next { get; set; }

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward] private Tensor Forward(Tensor input) => net.forward(input).logits;

    [Loss] private Tensor Classification(Tensor output, Tensor labels) => ThreeHeadLosses.Classification(output, labels);

    [Metric]
    private Tensor? Hits(Tensor output, Tensor labels) => Next switch
    {
        Fault.Throws => throw new System.InvalidOperationException("the metric failed"),
        Fault.PerSample => output.argmax(1).eq(labels),
        Fault.Null => null,
        _ => output.argmax(1).eq(labels).sum(),
    };
}
