using Microsoft.CodeAnalysis;

namespace MultiLoss.Generators.Validation;

/// <summary>Every diagnostic the generator reports. Each id has an entry in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "MultiLoss";
    private const string HelpLinkBase = "https://github.com/multiloss/multiloss/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor TrainerNotPartial = Error(
        "ML0001", "Trainer class must be partial",
        "The [MultiLossTrainer] class '{0}' must be declared partial so the generator can add its train step");

    public static readonly DiagnosticDescriptor NoLoss = Error(
        "ML0002", "Trainer declares no loss",
        "The trainer '{0}' declares no [Loss] method; mark at least one method returning Tensor with [Loss]");

    public static readonly DiagnosticDescriptor NoModel = Error(
        "ML0003", "Trainer declares no model",
        "The trainer '{0}' has no [Model] member; mark the field or property holding the nn.Module with [Model]");

    public static readonly DiagnosticDescriptor SeveralModels = Error(
        "ML0004", "Trainer declares more than one model",
        "'{0}' is another [Model] member of trainer '{1}'; a trainer trains exactly one model");

    public static readonly DiagnosticDescriptor NoOptimizer = Error(
        "ML0005", "Trainer declares no optimizer",
        "The trainer '{0}' has no [Optimizer] member; mark the field or property holding the torch.optim.Optimizer with [Optimizer]");

    public static readonly DiagnosticDescriptor SeveralOptimizers = Error(
        "ML0006", "Trainer declares more than one optimizer",
        "'{0}' is another [Optimizer] member of trainer '{1}'; a trainer steps exactly one optimizer");

    public static readonly DiagnosticDescriptor LossNotTensor = Error(
        "ML0007", "Loss must return Tensor",
        "The loss '{0}' returns '{1}'; a [Loss] method must return a scalar torch.Tensor");

    public static readonly DiagnosticDescriptor UnboundParameter = Error(
        "ML0008", "Parameter binds to nothing",
        "Parameter '{0}' of '{1}' binds to nothing; available names are: {2}");

    public static readonly DiagnosticDescriptor InvalidWeight = Error(
        "ML0009", "Loss weight must be finite and not negative",
        "The weight of loss '{0}' is {1}; a weight must be a finite number ≥ 0");

    public static readonly DiagnosticDescriptor NameBoundTwice = Error(
        "ML0010", "Name bound twice",
        "'{0}' is both a step parameter and a forward output; rename one so loss parameters bind unambiguously");

    public static readonly DiagnosticDescriptor ParameterNotTensor = Error(
        "ML0011", "Parameter must be a Tensor",
        "Parameter '{0}' of '{1}' has type '{2}'; step, forward and loss parameters must be torch.Tensor");

    public static readonly DiagnosticDescriptor ModelNeedsForward = Error(
        "ML0012", "Model output cannot be bound",
        "The model '{0}' of type '{1}' is not an nn.Module<Tensor, Tensor>; declare a [Forward] method that returns its outputs");

    public static readonly DiagnosticDescriptor InvalidForward = Error(
        "ML0013", "Invalid forward method",
        "The [Forward] method '{0}' {1}");

    public static readonly DiagnosticDescriptor SeveralSteps = Error(
        "ML0014", "More than one step declared",
        "'{0}' is another partial step method of trainer '{1}'; declare at most one");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "ML0015", "Containing type must be partial",
        "The trainer '{0}' is nested in '{1}', which must be declared partial too");

    public static readonly DiagnosticDescriptor UnsupportedTrainerKind = Error(
        "ML0016", "Trainer kind not supported",
        "The trainer '{0}' is {1}; a trainer must be a non-static, non-generic, non-record class visible to other files");

    public static readonly DiagnosticDescriptor UnsupportedMemberKind = Error(
        "ML0017", "Member cannot take part in training",
        "'{0}' is {1}; {2}");

    public static readonly DiagnosticDescriptor MemberWrongType = Error(
        "ML0018", "Member has the wrong type",
        "The {0} member '{1}' has type '{2}', which is not a {3}");

    public static readonly DiagnosticDescriptor DuplicateLossName = Error(
        "ML0019", "Duplicate loss name",
        "Two losses are named '{0}'; loss names must be unique because the step result has a member per loss");

    public static readonly DiagnosticDescriptor InvalidThreshold = Error(
        "ML0020", "Gate threshold is NaN",
        "The gate of loss '{0}' has a NaN threshold; a loss is never below NaN, so the gate could never open");

    public static readonly DiagnosticDescriptor GateTargetNotLoss = Error(
        "ML0021", "Gate watches something that is not a loss",
        "The gate of loss '{0}' watches '{1}', which is not a [Loss] method of the trainer; losses are: {2}");

    public static readonly DiagnosticDescriptor GateCycle = Error(
        "ML0022", "Gates form a cycle",
        "The gate of loss '{0}' depends on itself ({1}); a gate must watch a loss that does not wait for it");

    public static readonly DiagnosticDescriptor GateWithoutOtherLoss = Error(
        "ML0023", "Gate has no loss to watch",
        "The gate of loss '{0}' has no loss to watch: {1}");

    public static readonly DiagnosticDescriptor PhaseWithoutLoss = Error(
        "ML0024", "Phase has no loss",
        "No loss takes part in phase {0}; give a loss [Phase({0})] or remove the phase");

    public static readonly DiagnosticDescriptor UndeclaredPhase = Error(
        "ML0025", "Loss names an undeclared phase",
        "The loss '{0}' takes part in phase {1}, which is not declared ({2}); declare [Phase({1})] on the trainer");

    public static readonly DiagnosticDescriptor SeparateWithSingleLoss = Warning(
        "ML0026", "Separate backward with a single loss",
        "'{0}' uses BackwardMode.Separate with a single loss; it behaves exactly like BackwardMode.Combined");

    public static readonly DiagnosticDescriptor InvalidPhaseSteps = Error(
        "ML0027", "Phase length must be positive",
        "Phase {0} ends after {1} steps; Steps must be at least 1");

    public static readonly DiagnosticDescriptor DuplicatePhase = Error(
        "ML0028", "Phase declared twice",
        "Phase {0} is declared more than once on the trainer");

    public static readonly DiagnosticDescriptor InvalidUntil = Error(
        "ML0029", "Phase end condition is not a bool method",
        "Phase {0} ends when '{1}' returns true, but '{1}' {2}");

    public static readonly DiagnosticDescriptor PhaseEndConflict = Error(
        "ML0030", "Phase has two end conditions",
        "Phase {0} sets both Steps and Until; choose one");

    public static readonly DiagnosticDescriptor LastPhaseEnds = Warning(
        "ML0031", "The last phase never ends",
        "Phase {0} is the last phase, which never ends by itself; its Steps or Until is ignored");

    public static readonly DiagnosticDescriptor GateWatchesLossOutsidePhase = Error(
        "ML0032", "Gate watches a loss outside the phase",
        "The gate of loss '{0}' watches '{1}', which does not take part in phase {2}; add [Phase({2})] to '{1}' or move the gated loss");

    public static readonly DiagnosticDescriptor ReservedLossName = Error(
        "ML0033", "Loss name collides with a step result member",
        "The loss '{0}' would collide with a member of the generated StepResult; rename the method");

    public static readonly DiagnosticDescriptor GeneratedMemberClash = Error(
        "ML0034", "Member is generated by MultiLoss",
        "The trainer declares '{0}', which MultiLoss generates for it; rename or remove yours");

    public static readonly DiagnosticDescriptor ReservedName = Error(
        "ML0035", "Name reserved for generated code",
        "'{0}' starts with '__', which is reserved for the code MultiLoss generates; rename it");

    public static readonly DiagnosticDescriptor InvalidUpdates = Error(
        "ML0036", "Updates does not name a module member",
        "The loss '{0}' updates '{1}', which {2}; Updates must name an instance field or property holding a torch.nn.Module");

    public static readonly DiagnosticDescriptor InvalidWarmup = Error(
        "ML0037", "Warm-up length is negative",
        "The loss '{0}' warms up over {1} steps; WarmupSteps must be 0 (no warm-up) or more");

    public static readonly DiagnosticDescriptor InvalidClipNorm = Error(
        "ML0038", "Gradient clipping norm must be finite and positive",
        "The trainer '{0}' clips gradients to a norm of {1}; maxNorm must be a finite number > 0");

    public static readonly DiagnosticDescriptor InvalidAccumulation = Error(
        "ML0039", "Accumulation length must be positive",
        "The trainer '{0}' accumulates gradients over {1} steps; the count must be at least 1");

    public static readonly DiagnosticDescriptor MixedGateEvaluation = Error(
        "ML0040", "Chained gates decide in different places",
        "The gate of loss '{0}' watches '{1}', whose gate is evaluated elsewhere (host or device); give both gates the same Evaluation");

    public static readonly DiagnosticDescriptor StepWrongReturnType = Error(
        "ML0041", "Declared step must return StepResult",
        "The partial method '{0}' looks like a declared step but returns '{1}'; a step the generator implements returns StepResult");

    public static readonly DiagnosticDescriptor AttributeWithoutEffect = Warning(
        "ML0042", "Attribute has no effect",
        "'{0}' has {1}, which has no effect there");

    public static readonly DiagnosticDescriptor WeightingConflict = Error(
        "ML0044", "Feature conflicts with the trainer's method",
        "{0} cannot be combined with {1}: {2}");

    public static readonly DiagnosticDescriptor HyperparameterOutOfRange = Error(
        "ML0045", "Hyperparameter out of range",
        "The trainer '{0}' uses {1} with {2} = {3}; it must be a finite number {4}");

    public static readonly DiagnosticDescriptor MissingSharedLayer = Error(
        "ML0046", "One shared layer needed",
        "The trainer '{0}' needs exactly one [SharedLayer] member for {1}, which works on that module's parameters");

    public static readonly DiagnosticDescriptor InheritedMember = Error(
        "ML0047", "Member declared in a base class",
        "'{0}' has {1} but is declared in '{2}', a base class of the trainer '{3}'; only the trainer's own members take part: declare or override it in '{3}' with {1}");

    public static readonly DiagnosticDescriptor AttributeOutsideTrainer = Warning(
        "ML0048", "Attribute outside a trainer",
        "'{0}' has {1}, but '{2}' has no [MultiLossTrainer], so nothing uses it; add [MultiLossTrainer] to '{2}' and make it partial");

    public static readonly DiagnosticDescriptor GateThresholdNotPositive = Warning(
        "ML0049", "Gate threshold is not positive",
        "The gate of loss '{0}' opens when '{1}' is below {2}; a loss that is never negative never is, so '{0}' would never train: use a threshold > 0");

    public static readonly DiagnosticDescriptor WeightingWithSingleLoss = Warning(
        "ML0050", "Too few losses for the method",
        "The trainer '{0}' uses {1} with a single loss, which it cannot weigh against another: the step trains exactly as with fixed weights; remove {1} or add a loss");

    public static readonly DiagnosticDescriptor PhaseNumberNotPositive = Error(
        "ML0051", "Phase number must be positive",
        "The trainer '{0}' declares phase {1}; phases are numbered from 1 (a trainer without phases is in phase 0)");

    public static readonly DiagnosticDescriptor OptimizerStepNeedsArguments = Error(
        "ML0052", "Optimizer step needs a closure",
        "The optimizer '{0}' has type '{1}', whose step() needs a closure that evaluates the loss again; the generated step calls step() once after the backward: use an optimizer such as SGD or Adam");

    public static readonly DiagnosticDescriptor StepWithoutAccessibility = Error(
        "ML0053", "Declared step needs an access modifier",
        "The step '{0}' has no access modifier, which C# requires of a partial method that returns a value; declare it e.g. 'public partial StepResult {0}(...)'");

    public static readonly DiagnosticDescriptor TooManyValues = Error(
        "ML0054", "Too many values per step",
        "The trainer '{0}' would record {1} values per step ({2}), more than the {3} a step's buffer holds; use fewer losses, device gates, tensor weights or metrics");

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) => new(
        id, title, message, Category, severity, isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + id.ToLowerInvariant());

    public static readonly DiagnosticDescriptor MoreThanOneMethod = Error(
        "ML0055", "More than one method of a kind",
        "The trainer '{0}' declares {1} and {2}; a trainer has at most one weighting method and one aggregation method");

    public static readonly DiagnosticDescriptor RepresentationNotApplicable = Error(
        "ML0056", "Representation mode cannot apply",
        "The trainer '{0}' declares [AggregateAt(\"{1}\")], but {2}");

    public static readonly DiagnosticDescriptor WeightIsIntegerDivision = Warning(
        "ML0058", "Loss weight is an integer division",
        "The weight of loss '{0}' is {1}, a division of integers, which C# computes as {2}; write {3} for the fraction");

    public static readonly DiagnosticDescriptor EveryWeightZero = Warning(
        "ML0059", "Every loss weight is zero",
        "Every loss of the trainer '{0}' has weight 0, so the total is 0 and nothing trains; give at least one loss a positive weight");

    public static readonly DiagnosticDescriptor MethodNeedsRepresentation = Error(
        "ML0057", "Aggregation method needs a representation",
        "The trainer '{0}' uses {1}, which works on the gradients of a representation: declare [AggregateAt(\"<output>\")] with the forward output the heads compute the losses from");

    public static readonly DiagnosticDescriptor OpenMethodConflict = Error(
        "ML0060", "Feature conflicts with an open method",
        "The trainer '{0}' takes its method at construction from '{1}', which cannot be combined with {2}; {3}");

    public static readonly DiagnosticDescriptor ForwardOutputUnused = Warning(
        "ML0061", "Forward output used by no loss",
        "The forward output '{0}' of '{1}' is used by no loss; bind a loss parameter to it by name, or leave it out of the forward's result");

    public static readonly DiagnosticDescriptor MethodLookalike = Warning(
        "ML0062", "Attribute looks like a method but is not one",
        "{0} on the trainer '{1}' has a Create() that returns a method, but it derives from neither LossWeightingMethodAttribute nor GradientAggregationMethodAttribute, so the trainer does not use it; derive it from the one of its kind");

    public static readonly DiagnosticDescriptor MetricAndLoss = Error(
        "ML0063", "Member is both a loss and a metric",
        "'{0}' has both [Loss] and [Metric]; a loss is backpropagated and a metric never is: keep [Loss] to train on it, or [Metric] to only report it");

    public static readonly DiagnosticDescriptor MetricNotTensor = Error(
        "ML0064", "Metric must return Tensor",
        "The metric '{0}' returns '{1}'; a [Metric] method must return a torch.Tensor holding one value");

    public static readonly DiagnosticDescriptor MetricNameTaken = Error(
        "ML0065", "Metric name already taken",
        "The name '{0}' of the metric '{1}' is taken by {2}; a step reports each value under a name of its own: {3}");

    public static readonly DiagnosticDescriptor GateOnMetric = Error(
        "ML0066", "Gate watches a metric",
        "The gate of loss '{0}' watches '{1}', which is a [Metric]; a metric never decides training: watch a loss, or make '{1}' a [Loss]");
}
