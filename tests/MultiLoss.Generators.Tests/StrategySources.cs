namespace MultiLoss.Generators.Tests;

/// <summary>
/// One configuration per seed strategy and combination (dsl §4), for snapshots and the compilation check.
/// Each trains an MLP on Classification plus output penalties, like the run-time equivalence tests.
/// </summary>
public static class StrategySources
{
    public static readonly TrainerSources.Configuration Separate = Strategy(nameof(Separate), "SeparateTrainer",
        "[MultiLossTrainer(Backward = BackwardMode.Separate)]",
        """
            [Loss(weight: 0.7)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.3)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration GateSwitch = Strategy(nameof(GateSwitch), "GateTrainer",
        "[MultiLossTrainer]",
        """
            [Loss(weight: 0.5)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 2.0), GateOn(1.39)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration GateAddLatched = Strategy(nameof(GateAddLatched), "LatchedTrainer",
        "[MultiLossTrainer]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(1.39, Mode = GateMode.Add, Latch = true)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration PhasedBySteps = Strategy(nameof(PhasedBySteps), "PhasedTrainer",
        "[MultiLossTrainer]\n[Phase(1, Backward = BackwardMode.Combined, Steps = 1000)]\n[Phase(2, Backward = BackwardMode.Separate)]",
        """
            [Loss(weight: 0.7)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.3)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration PhasedByCondition = Strategy(nameof(PhasedByCondition), "WarmUpTrainer",
        "[MultiLossTrainer]\n[Phase(1, Until = nameof(WarmedUp))]\n[Phase(2, Backward = BackwardMode.Separate)]",
        """
            private bool WarmedUp() => StepsTaken >= 100;

            [Loss(weight: 0.7)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.3)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration GateInsidePhase = Strategy(nameof(GateInsidePhase), "GatedPhasesTrainer",
        "[MultiLossTrainer]\n[Phase(1, Steps = 8)]\n[Phase(2)]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), Phase(2), GateOn(1.37)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss(weight: 0.1), Phase(2)]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration SeparateWithGate = Strategy(nameof(SeparateWithGate), "SeparateGatedTrainer",
        "[MultiLossTrainer(Backward = BackwardMode.Separate)]",
        """
            [Loss(weight: 0.8)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(1.39)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss(weight: 0.1)]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration ChainedGates = Strategy(nameof(ChainedGates), "ChainedGatesTrainer",
        "[MultiLossTrainer]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(0.02, On = nameof(Confidence))]
            private Tensor Sparsity(Tensor output) => output.abs().mean();

            [Loss(weight: 2.0), GateOn(1.39, Mode = GateMode.Add)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration RestrictedLossSeparate = Strategy(nameof(RestrictedLossSeparate), "RestrictedTrainer",
        "[MultiLossTrainer(Backward = BackwardMode.Separate)]",
        """
            private nn.Module<Tensor, Tensor> Head => model;

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5, Updates = nameof(Head))]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss(weight: 0.1)]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration RestrictedLossCombinedWithGate = Strategy(nameof(RestrictedLossCombinedWithGate), "RestrictedGatedTrainer",
        "[MultiLossTrainer]",
        """
            private nn.Module<Tensor, Tensor> Head => model;

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5, Updates = nameof(Head)), GateOn(1.39, Mode = GateMode.Add)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss(weight: 0.1), GateOn(0.5, On = nameof(Classification))]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration Guarded = Strategy(nameof(Guarded), "GuardedTrainer",
        "[MultiLossTrainer, SkipNonFinite]",
        """
            [Loss(weight: 0.7)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.3)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration ClippedAndAccumulated = Strategy(nameof(ClippedAndAccumulated), "ControlledTrainer",
        "[MultiLossTrainer, ClipGradNorm(1.0), AccumulateGradients(4)]",
        """
            [Loss(weight: 0.7)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.3)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration AllControlsWithRestrictedSeparate = Strategy(nameof(AllControlsWithRestrictedSeparate), "EverythingTrainer",
        "[MultiLossTrainer(Backward = BackwardMode.Separate), SkipNonFinite, ClipGradNorm(1.0), AccumulateGradients(2)]",
        """
            private nn.Module<Tensor, Tensor> Head => model;

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5, Updates = nameof(Head), WarmupSteps = 100)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss(weight: 0.1), GateOn(0.5)]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration Warmup = Strategy(nameof(Warmup), "RampTrainer",
        "[MultiLossTrainer]",
        """
            [Loss(weight: 0.7)]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.3, WarmupSteps = 1000)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration DeviceGates = Strategy(nameof(DeviceGates), "DeviceGatedTrainer",
        "[MultiLossTrainer(Backward = BackwardMode.Separate)]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(0.02, On = nameof(Confidence), Evaluation = GateEvaluation.Device)]
            private Tensor Sparsity(Tensor output) => output.abs().mean();

            [Loss(weight: 2.0), GateOn(1.39, Latch = true, Evaluation = GateEvaluation.Device)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration UncertaintyWeighting = Strategy(nameof(UncertaintyWeighting), "UncertaintyTrainer",
        "[MultiLossTrainer, UncertaintyWeighting]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(1.39, Mode = GateMode.Add)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration DynamicWeightAverage = Strategy(nameof(DynamicWeightAverage), "DwaTrainer",
        "[MultiLossTrainer, DynamicWeightAverage(Temperature = 1.5)]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration GradNorm = Strategy(nameof(GradNorm), "GradNormTrainer",
        "[MultiLossTrainer, GradNorm(Alpha = 1.5), SkipNonFinite]",
        """
            [SharedLayer] private nn.Module<Tensor, Tensor> Body => model;

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration PCGrad = Strategy(nameof(PCGrad), "PCGradTrainer",
        "[MultiLossTrainer, PCGrad]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Loss(weight: 0.1)]
            private Tensor Sparsity(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration Famo = Strategy(nameof(Famo), "FamoTrainer",
        "[MultiLossTrainer, Famo(LearningRate = 0.05)]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(1.39, Mode = GateMode.Add)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration UpGradAtRepresentation = Strategy(nameof(UpGradAtRepresentation), "RepresentationTrainer",
        "[MultiLossTrainer, UPGrad, AggregateAt(\"features\")]",
        """
            [Forward]
            private (Tensor features, Tensor output) Forward(Tensor input)
            {
                var features = input.tanh();
                return (features, model.forward(features));
            }

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration OpenMethod = Strategy(nameof(OpenMethod), "AnyMethodTrainer",
        "[MultiLossTrainer, SkipNonFinite]",
        """
            /// <summary>The method, chosen when the trainer is created.</summary>
            [Method] public TrainingMethodAttribute Method { get; init; } = new UPGradAttribute();

            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();
        """);

    public static readonly TrainerSources.Configuration Metrics = Strategy(nameof(Metrics), "MetricTrainer",
        "[MultiLossTrainer]",
        """
            [Loss]
            private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);

            [Loss(weight: 0.5), GateOn(1.39)]
            private Tensor Confidence(Tensor output) => output.pow(2).mean();

            [Metric]
            private Tensor Accuracy(Tensor output, Tensor target) => output.argmax(1).eq(target).to_type(ScalarType.Float32).mean();

            [Metric(Name = "Mean activation")]
            private Tensor Activation(Tensor output) => output.abs().mean();
        """);

    public static readonly TrainerSources.Configuration[] All =
    [
        Separate, GateSwitch, GateAddLatched, PhasedBySteps, PhasedByCondition, GateInsidePhase, SeparateWithGate, ChainedGates,
        RestrictedLossSeparate, RestrictedLossCombinedWithGate, Guarded, ClippedAndAccumulated, Warmup, AllControlsWithRestrictedSeparate,
        DeviceGates, UncertaintyWeighting, DynamicWeightAverage, GradNorm, PCGrad, Famo, UpGradAtRepresentation, OpenMethod, Metrics,
    ];

    private static TrainerSources.Configuration Strategy(string name, string className, string attributes, string members) => new(
        name,
        $$"""
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        /// <summary>The {{name}} configuration.</summary>
        {{attributes}}
        public partial class {{className}}(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
        {
            [Model] private readonly nn.Module<Tensor, Tensor> model = model;
            [Optimizer] private readonly optim.Optimizer optimizer = optimizer;

        {{members}}
        }
        """,
        $"Samples.{className}.MultiLoss.g.cs");
}
