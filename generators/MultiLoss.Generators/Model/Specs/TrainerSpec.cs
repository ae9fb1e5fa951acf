namespace MultiLoss.Generators.Model.Specs;

/// <summary>
/// Everything the emitters need to write one trainer's source: names resolved, bindings made, no locations,
/// so a change that moves code without changing meaning leaves it equal and the emit step cached.
/// </summary>
/// <param name="Phases">
/// The phases in order. A trainer that declares none has one implicit phase (<see cref="HasDeclaredPhases"/> false)
/// in which every loss takes part.
/// </param>
/// <param name="Metrics">The metrics, computed in every step and evaluation without gradients and only reported.</param>
internal sealed record TrainerSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string ModelMember,
    string OptimizerMember,
    StepSpec Step,
    ForwardSpec Forward,
    EquatableArray<LossSpec> Losses,
    EquatableArray<MetricSpec> Metrics,
    EquatableArray<PhaseSpec> Phases,
    bool HasDeclaredPhases,
    TrainingControlsSpec Controls,
    MethodsSpec Methods,
    NullableSpec Nullable)
{
    /// <summary>
    /// The generated file's hint name: the trainer's full name, e.g. <c>MyApp.Outer.MyTrainer.MultiLoss.g.cs</c>, without the
    /// <c>@</c> of a keyword used as a name (<c>namespace @event</c>), which a hint name may not contain.
    /// </summary>
    public string HintName => (FullName + ".MultiLoss.g.cs").Replace("@", string.Empty);

    /// <summary>The trainer's full name: namespace, containing types and name, e.g. <c>MyApp.Outer.MyTrainer</c>.</summary>
    public string FullName => FullNameOf(Namespace, ContainingTypes, Name);

    /// <summary>A type's full name: namespace, containing types and name, e.g. <c>MyApp.Outer.MyTrainer</c>.</summary>
    public static string FullNameOf(string? ns, EquatableArray<ContainingTypeSpec> containingTypes, string name)
    {
        var full = ns is null ? string.Empty : ns + ".";
        foreach (var type in containingTypes) full += type.Name + ".";
        return full + name;
    }
}

/// <summary>A type the trainer is nested in: its keyword (<c>class</c>, <c>record</c>, ...) and name.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>The class-level training controls, resolved.</summary>
/// <param name="ClipGradNorm">The max norm, or null for no clipping.</param>
/// <param name="AccumulateSteps">Calls per optimizer step; 1 without accumulation.</param>
internal sealed record TrainingControlsSpec(bool SkipNonFinite, double? ClipGradNorm, int AccumulateSteps)
{
    public static readonly TrainingControlsSpec None = new(false, null, 1);

    public bool Accumulates => AccumulateSteps > 1;
}

/// <summary>
/// The methods the trainer declares: a loss-weighting method, a gradient-aggregation method, or neither (fixed weights,
/// summed gradients). The step has one shape for every method; only the creation expression differs.
/// </summary>
/// <param name="SharedLayer">The <c>[SharedLayer]</c> member (the shared parameters of a method), or null.</param>
/// <param name="Representation">The forward output named by <c>[AggregateAt]</c>, at which the aggregation method works, or null.</param>
internal sealed record MethodsSpec(MethodSpec? Weighting, MethodSpec? Aggregation, string? SharedLayer, string? Representation = null, string? OpenMember = null)
{
    public static readonly MethodsSpec None = new(null, null, null);

    /// <summary>A weighting method sets every loss's weight.</summary>
    public bool IsAdaptive => Weighting is not null;

    /// <summary>The trainer takes its method at construction from <see cref="OpenMember"/>: either kind, chosen at run time.</summary>
    public bool IsOpen => OpenMember is not null;

    /// <summary>A method reports each loss's effective weight as a tensor, read lazily from the step's buffer.</summary>
    public bool HasTensorWeights => HasMethod;

    public bool HasMethod => Weighting is not null || Aggregation is not null || IsOpen;

    /// <summary>The step can apply a method's fallback weights (an aggregation's, or an open method's that aggregates).</summary>
    public bool CanFallBack => Aggregation is not null || IsOpen;

    /// <summary>A method may need the losses computed again after each optimizer step (an open one says so at run time).</summary>
    public bool NeedsLossesAfterStep => Weighting is { RequiresLossesAfterStep: true } || Aggregation is { RequiresLossesAfterStep: true } || IsOpen;
}

/// <summary>A method as the emitters need it: its name for comments and docs, the C# that creates it, and whether it gets the losses again after each optimizer step.</summary>
internal sealed record MethodSpec(string Name, string CreateExpression, bool RequiresLossesAfterStep);

/// <summary>
/// What the user declared nullable (<c>Tensor?</c>, <c>Module?</c>): the generated step checks these once and throws an
/// exception naming the member instead of passing a null on.
/// </summary>
/// <param name="Members">Model, optimizer and shared-layer members whose type is nullable.</param>
/// <param name="StepParameters">Step parameters declared <c>Tensor?</c>.</param>
/// <param name="ForwardOutputs">Forward outputs declared <c>Tensor?</c>.</param>
/// <param name="PassedOn">
/// The step parameters and forward outputs declared <c>Tensor?</c> whose every use — a loss's or the <c>[Forward]</c>'s
/// parameter of that name — is declared <c>Tensor?</c> too: a null is passed on rather than rejected. Every other step
/// parameter is checked (a null throws <c>ArgumentNullException</c>), and so is every other nullable forward output.
/// </param>
internal sealed record NullableSpec(
    EquatableArray<string> Members,
    EquatableArray<string> StepParameters,
    EquatableArray<string> ForwardOutputs,
    EquatableArray<string> PassedOn)
{
    public static readonly NullableSpec None = new(EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    public bool IsMember(string name) => Contains(Members, name);

    public bool IsStepParameter(string name) => Contains(StepParameters, name);

    public bool IsForwardOutput(string name) => Contains(ForwardOutputs, name);

    /// <summary>A null in step parameter <paramref name="name"/> throws <c>ArgumentNullException</c>.</summary>
    public bool ChecksStepParameter(string name) => !Contains(PassedOn, name);

    /// <summary>A null in forward output <paramref name="name"/> throws <c>InvalidOperationException</c>.</summary>
    public bool ChecksForwardOutput(string name) => IsForwardOutput(name) && !Contains(PassedOn, name);

    private static bool Contains(EquatableArray<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (candidate == name) return true;
        }
        return false;
    }
}
