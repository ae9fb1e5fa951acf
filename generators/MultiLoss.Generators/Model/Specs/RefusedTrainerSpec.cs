namespace MultiLoss.Generators.Model.Specs;

/// <summary>
/// A trainer the generator refused (it has an ML error), as much of it as keeps the user's own code compiling: the
/// types and the declared steps its source names, so that the ML diagnostic is the build's only error.
/// </summary>
internal sealed record RefusedTrainerSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string Keyword,
    EquatableArray<RefusedStepSpec> Steps)
{
    /// <summary>The trainer's full name, e.g. <c>MyApp.Outer.MyTrainer</c>.</summary>
    public string FullName => TrainerSpec.FullNameOf(Namespace, ContainingTypes, Name);

    /// <summary>Its own hint name, never that of a generated trainer (another trainer's name may differ only in case).</summary>
    public string HintName => (FullName + ".MultiLoss.Refused.g.cs").Replace("@", string.Empty);
}

/// <summary>A user-declared partial step of a refused trainer: its name, modifiers and parameter list as C#.</summary>
internal sealed record RefusedStepSpec(string MethodName, string Modifiers, string Parameters);
