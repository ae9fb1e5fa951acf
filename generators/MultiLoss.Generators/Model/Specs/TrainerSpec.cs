namespace MultiLoss.Generators.Model.Specs;

/// <summary>
/// Everything the emitters need to write one trainer's source: names resolved, bindings made, no locations,
/// so a change that moves code without changing meaning leaves it equal and the emit step cached.
/// </summary>
internal sealed record TrainerSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string ModelMember,
    string OptimizerMember,
    StepSpec Step,
    ForwardSpec Forward,
    EquatableArray<LossSpec> Losses,
    BackwardStrategy Backward)
{
    /// <summary>The generated file's hint name: the trainer's full name, e.g. <c>MyApp.Outer.MyTrainer.MultiLoss.g.cs</c>.</summary>
    public string HintName
    {
        get
        {
            var prefix = Namespace is null ? string.Empty : Namespace + ".";
            foreach (var type in ContainingTypes) prefix += type.Name + ".";
            return prefix + Name + ".MultiLoss.g.cs";
        }
    }
}

/// <summary>A type the trainer is nested in: its keyword (<c>class</c>, <c>record</c>, ...) and name.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>How a step backpropagates; one emitter per strategy.</summary>
internal enum BackwardStrategy
{
    Combined,
}
