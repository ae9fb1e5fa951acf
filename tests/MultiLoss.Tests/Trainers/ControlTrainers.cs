using MultiLoss;
using static TorchSharp.torch;

namespace MultiLoss.Tests.Trainers;

// Trainers for the training controls: the non-finite guard, gradient clipping, accumulation and warm-up, alone and
// combined with separate backward and with a gate. Same losses as the strategy trainers.

/// <summary>Confidence returns NaN on step <see cref="PoisonedStep"/>; the guard skips that step.</summary>
[MultiLossTrainer, SkipNonFinite]
public partial class GuardedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int PoisonedStep = 5;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => Poison.Inject(output.pow(2).mean(), StepsTaken + 1 == PoisonedStep);
}

/// <summary>The same trainer without the guard.</summary>
[MultiLossTrainer]
public partial class UnguardedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => Poison.Inject(output.pow(2).mean(), StepsTaken + 1 == GuardedTrainer.PoisonedStep);
}

internal static class Poison
{
    public static Tensor Inject(Tensor loss, bool poisoned) => poisoned ? loss * double.NaN : loss;
}

/// <summary>Weighted sum with the gradient norm clipped to <see cref="MaxNorm"/>.</summary>
[MultiLossTrainer, ClipGradNorm(MaxNorm)]
public partial class ClippedTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double MaxNorm = 0.05;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Weighted sum accumulated over <see cref="Cycle"/> calls.</summary>
[MultiLossTrainer, AccumulateGradients(Cycle)]
public partial class AccumulatingTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int Cycle = 3;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Separate backward, clipped and accumulated.</summary>
[MultiLossTrainer(Backward = BackwardMode.Separate), ClipGradNorm(MaxNorm), AccumulateGradients(Cycle)]
public partial class SeparateControlledTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double MaxNorm = 0.05;
    public const int Cycle = 2;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>A switch gate, clipped and accumulated.</summary>
[MultiLossTrainer, ClipGradNorm(MaxNorm), AccumulateGradients(Cycle)]
public partial class GatedControlledTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const double MaxNorm = 0.05;
    public const int Cycle = 2;
    public const double Threshold = 1.39;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.5)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 2.0), GateOn(Threshold)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Confidence's weight ramps up to 0.3 over <see cref="Warmup"/> steps.</summary>
[MultiLossTrainer]
public partial class WarmupTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    public const int Warmup = 5;

    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss(weight: 0.7)]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.3, WarmupSteps = Warmup)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Everything that has state at once: phases, a latched gate, accumulation, the guard, a warm-up.</summary>
[MultiLossTrainer, SkipNonFinite, AccumulateGradients(2)]
[Phase(1, Steps = 6)]
[Phase(2)]
public partial class ResumableTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), Phase(2), GateOn(1.39, Latch = true)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();

    [Loss(weight: 0.1, WarmupSteps = 12)]
    private Tensor Sparsity(Tensor output) => output.abs().mean();
}

/// <summary>As <see cref="ResumableTrainer"/> with a latched device gate.</summary>
[MultiLossTrainer]
public partial class ResumableDeviceGateTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5), GateOn(1.39, Latch = true, Evaluation = GateEvaluation.Device)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Kendall et al.'s uncertainty weighting of two losses.</summary>
// The four trainers below keep the older spelling (Weighting = ..., Aggregation = ...) on purpose: it must keep working
// while it is obsolete (CS0618).
#pragma warning disable CS0618
[MultiLossTrainer(Weighting = LossWeighting.Uncertainty)]
public partial class UncertaintyTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>Liu et al.'s dynamic weight average of two losses, temperature 2.</summary>
[MultiLossTrainer(Weighting = LossWeighting.DynamicWeightAverage)]
public partial class DwaTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)]
    private Tensor Confidence(Tensor output) => output.pow(2).mean();
}

/// <summary>GradNorm over the shared body of a two-head net.</summary>
[MultiLossTrainer(Weighting = LossWeighting.GradNorm, GradNormAlpha = 1.5)]
public partial class GradNormTrainer(SharedBodyNet net, optim.Optimizer optimizer)
{
    [Model] private readonly SharedBodyNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);
}

/// <summary>PCGrad at the shared body of a two-head net; the heads train from the weighted sum.</summary>
[MultiLossTrainer(Aggregation = GradientAggregation.PCGrad)]
public partial class PCGradTrainer(SharedBodyNet net, optim.Optimizer optimizer)
{
    [Model] private readonly SharedBodyNet net = net;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;
    [SharedLayer] private nn.Module<Tensor, Tensor> Body => net.Body;

    public partial StepResult Step(Tensor input, Tensor labels);

    [Forward]
    private (Tensor logits, Tensor recon) Forward(Tensor input) => net.forward(input);

    [Loss]
    private Tensor Classification(Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    [Loss(weight: 0.5)]
    private Tensor Reconstruction(Tensor recon, Tensor input) => nn.functional.mse_loss(recon, input);
}
#pragma warning restore CS0618

/// <summary>Nullable declarations: the model may be unset, and a loss may return null.</summary>
[MultiLossTrainer]
public partial class NullableTrainer(nn.Module<Tensor, Tensor>? model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor>? model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public bool ReturnNull { get; set; }

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)]
    private Tensor? Confidence(Tensor output) => ReturnNull ? null : output.pow(2).mean();
}

/// <summary>Optional class weights: declared nullable, and so is the loss parameter they bind to, so a null is passed on.</summary>
[MultiLossTrainer]
public partial class OptionalWeightsTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor target, Tensor? classWeights);

    [Loss]
    private Tensor Classification(Tensor output, Tensor target, Tensor? classWeights) => nn.functional.cross_entropy(output, target, weight: classWeights);
}

/// <summary>Class weights declared nullable on the step, but a loss needs them: a null is rejected, naming the parameter.</summary>
[MultiLossTrainer]
public partial class RequiredWeightsTrainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
{
    [Model] private readonly nn.Module<Tensor, Tensor> model = model;
    [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

    public partial StepResult Step(Tensor input, Tensor target, Tensor? classWeights);

    [Loss]
    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

    [Loss(weight: 0.5)]
    private Tensor Balanced(Tensor output, Tensor target, Tensor classWeights) => nn.functional.cross_entropy(output, target, weight: classWeights);
}
