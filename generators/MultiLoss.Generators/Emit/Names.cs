using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Names of what the generated code declares. Everything the generator adds to the user's class, other than
/// the public surface, starts with <c>__</c>, which validation reserves (ML0035), so it cannot collide with the user's names.
/// Per-loss names end in <c>Loss</c>, <c>Weight</c>, <c>WeightNow</c>, <c>Effective</c>, <c>GateOpen</c>, <c>Gate</c>, <c>Open</c>,
/// <c>OpenNow</c>, <c>Factor</c> or <c>Updates</c>, per-metric names in <c>Metric</c>, and no fixed name does, so they
/// cannot collide with each other either.
/// </summary>
internal static class Names
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Scalar = "global::TorchSharp.Scalar";
    public const string StepValues = "global::MultiLoss.Runtime.StepValues";
    public const string StepResult = "StepResult";
    public const string EvaluationValues = "__evaluationValues";

    public const string Scope = "__scope";
    public const string StepBody = "__Step";
    public const string Training = "__training";
    public const string Total = "__total";
    public const string Values = "__values";
    public const string Guard = "__guard";
    public const string Record = "__record";
    public const string PassTotal = "__passTotal";
    public const string PassSum = "__passSum";
    public const string Phase = "__phase";
    public const string PhaseRan = "__phaseRan";
    public const string StepsInPhase = "__stepsInPhase";
    public const string LossSum = "global::MultiLoss.Runtime.LossSum";
    public const string One = "global::MultiLoss.Runtime.Scalars.One";
    public const string Weighting = "__weighting";
    public const string Aggregation = "__aggregation";
    public const string OpenMethod = "__method";
    public const string CheckedLoss = "global::MultiLoss.Runtime.LossValue.Checked";

    /// <summary>The array that hands a method this step's losses (null where a loss is not active).</summary>
    public const string MethodLosses = "__methodLosses";

    public const string InitializeMethods = "__InitializeMethods";

    /// <summary>The methods' context, which holds the step's gradient engine: the trainer's, disposed with it.</summary>
    public const string MethodContext = "__methodContext";

    public const string LossesAfterStep = "__LossesAfterStep";
    public const string RampedWeight = "global::MultiLoss.Runtime.RampedWeight";
    public const string Parameter = "global::TorchSharp.Modules.Parameter";
    public const string StepIndex = "__stepIndex";
    public const string Skipped = "__skipped";
    public const string SkippedSteps = "__skippedSteps";
    public const string CallsInCycle = "__callsInCycle";
    public const string OptimizerStepped = "__optimizerStepped";
    public const string FellBack = "__fellBack";
    public const string AccumulationScale = "__accumulationScale";
    public const string ClipParameters = "__clipParameters";
    public const string HostGate = "global::MultiLoss.Runtime.HostGate";
    public const string DeviceGate = "global::MultiLoss.Runtime.DeviceGate";
    public const string Disposed = "__disposed";
    public const string Error = "__error";
    public const string LossException = "global::MultiLoss.LossComputationException";
    public const string MetricException = "global::MultiLoss.MetricComputationException";
    public const string CheckedMetric = "global::MultiLoss.Runtime.MetricValue.Checked";
    public const string ForwardException = "global::MultiLoss.ForwardPassException";

    /// <summary>
    /// The local holding a loss's value in the step, e.g. <c>__ClassificationLoss</c>: unique because method names are,
    /// and no fixed name above ends in <c>Loss</c>, <c>Weight</c> or <c>GateOpen</c>.
    /// </summary>
    public static string LossLocal(LossSpec loss) => "__" + loss.MethodName + "Loss";

    /// <summary>The local holding a metric's value in the step, e.g. <c>__AccuracyMetric</c>.</summary>
    public static string MetricLocal(MetricSpec metric) => "__" + metric.MethodName + "Metric";

    /// <summary>
    /// How the step reads a member of the trainer: <c>this.model</c>, or for a member declared nullable, the member or an
    /// exception that names it.
    /// </summary>
    public static string Member(TrainerSpec trainer, string member, string role)
        => trainer.Nullable.IsMember(member)
            ? $"(this.{CSharp.Identifier(member)} ?? {NullMember(member, role)})"
            : "this." + CSharp.Identifier(member);

    /// <summary>The throw expression for a member declared nullable that is null when the step needs it.</summary>
    public static string NullMember(string member, string role)
        => $"throw new global::System.InvalidOperationException({CSharp.StringLiteral($"The {role} member '{member}' is null: assign it before the first step.")})";

    /// <summary>The field caching a loss's weight as a <c>Scalar</c>, e.g. <c>__ClassificationWeight</c>.</summary>
    public static string WeightField(LossSpec loss) => "__" + loss.MethodName + "Weight";

    /// <summary>The weight to multiply by this step: the cached <c>Scalar</c>, or for a ramped weight the step's local.</summary>
    public static string Weight(LossSpec loss)
        => loss.IsRamped ? "__" + loss.MethodName + "WeightNow"
            : WeightField(loss);

    /// <summary>The public member reporting a ramped loss's weight this step, e.g. <c>ReconstructionWeight</c>.</summary>
    public static string WeightProperty(LossSpec loss) => loss.MethodName + "Weight";

    /// <summary>The field holding whether a gated loss's gate is open, e.g. <c>__RegressionGateOpen</c>.</summary>
    public static string GateField(LossSpec loss) => "__" + loss.MethodName + "GateOpen";

    /// <summary>The field caching the parameters a restricted loss trains (<c>Updates</c>), e.g. <c>__ReconstructionUpdates</c>.</summary>
    public static string UpdatesField(LossSpec loss) => "__" + loss.MethodName + "Updates";

    /// <summary>
    /// The step's local holding a host gate's decision, e.g. <c>__ConfidenceOpenNow</c>: the gate's field takes it only once
    /// every loss of the step is computed, so a step whose loss throws leaves the gate as it was.
    /// </summary>
    public static string GateDecisionLocal(LossSpec loss) => "__" + loss.MethodName + "OpenNow";

    /// <summary>The field holding a device gate, e.g. <c>__ConfidenceGate</c>.</summary>
    public static string DeviceGateField(LossSpec loss) => "__" + loss.MethodName + "Gate";

    /// <summary>The step's local holding a device gate's 0/1 tensor, e.g. <c>__ConfidenceOpen</c>.</summary>
    public static string DeviceGateLocal(LossSpec loss) => "__" + loss.MethodName + "Open";

    /// <summary>The step's local holding the 0/1 factor device gates put on a loss, e.g. <c>__ClassificationFactor</c>.</summary>
    public static string FactorLocal(LossSpec loss) => "__" + loss.MethodName + "Factor";

    /// <summary>The public member reporting a gate's state, e.g. <c>RegressionGateOpen</c>.</summary>
    public static string GateProperty(LossSpec loss) => loss.MethodName + "GateOpen";
}
