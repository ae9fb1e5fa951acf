namespace MultiLoss.Generators.Model.Declarations;

/// <summary>
/// What a <c>[MultiLossTrainer]</c> class declares, as plain values with the locations diagnostics point at.
/// The output of parsing and the input of validation; nothing here is judged yet.
/// </summary>
/// <param name="Metrics">The methods marked <c>[Metric]</c>, in declaration order.</param>
/// <param name="MethodMembers">The members marked <c>[Method]</c>: the trainer takes its method at construction from one.</param>
/// <param name="MethodLookalikes">Attributes on the class with a <c>Create()</c> that returns a method, but of no method attribute's type.</param>
/// <param name="ValueLimit">How many values a step can record: the runtime's <c>StepValues.MaxCount</c>, or null if the referenced runtime has none.</param>
internal sealed record TrainerDeclaration(
    string? Namespace,
    EquatableArray<ContainingTypeDeclaration> ContainingTypes,
    string Name,
    LocationInfo? Location,
    bool IsPartial,
    bool IsStatic,
    bool IsGeneric,
    string Keyword,
    bool IsFileLocal,
    BackwardModeValue Backward,
    LocationInfo? AttributeLocation,
    EquatableArray<MemberDeclaration> Models,
    EquatableArray<MemberDeclaration> Optimizers,
    EquatableArray<MemberDeclaration> SharedLayers,
    EquatableArray<MemberDeclaration> MethodMembers,
    EquatableArray<LossDeclaration> Losses,
    EquatableArray<MetricDeclaration> Metrics,
    EquatableArray<ForwardDeclaration> Forwards,
    EquatableArray<StepDeclaration> Steps,
    EquatableArray<PhaseDeclaration> Phases,
    TrainingControlsDeclaration Controls,
    EquatableArray<MethodDeclaration> Methods,
    EquatableArray<NamedLocation> MethodLookalikes,
    RepresentationDeclaration? Representation,
    EquatableArray<NamedLocation> GeneratedNameClashes,
    EquatableArray<MisplacedDeclaration> Misplaced,
    EquatableArray<InheritedMemberDeclaration> InheritedMembers,
    int? ValueLimit);

/// <summary>A user member whose name the generator also declares (e.g. <c>Dispose</c>).</summary>
internal sealed record NamedLocation(string Name, LocationInfo? Location);

/// <summary>A type the trainer is nested in, outermost first.</summary>
internal sealed record ContainingTypeDeclaration(string Keyword, string Name, bool IsPartial, bool IsGeneric, LocationInfo? Location);

/// <summary>The class-level training controls: <c>[SkipNonFinite]</c>, <c>[ClipGradNorm]</c>, <c>[AccumulateGradients]</c>.</summary>
/// <param name="ClipGradNorm">The max norm, or null without <c>[ClipGradNorm]</c>.</param>
/// <param name="AccumulateSteps">The cycle length, or null without <c>[AccumulateGradients]</c>.</param>
internal sealed record TrainingControlsDeclaration(
    bool SkipNonFinite,
    double? ClipGradNorm,
    LocationInfo? ClipGradNormLocation,
    int? AccumulateSteps,
    LocationInfo? AccumulateStepsLocation);
