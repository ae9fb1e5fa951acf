namespace MultiLoss.Generators.Model.Declarations;

/// <summary>
/// What a <c>[MultiLossTrainer]</c> class declares, as plain values with the locations diagnostics point at.
/// The output of parsing and the input of validation; nothing here is judged yet.
/// </summary>
internal sealed record TrainerDeclaration(
    string? Namespace,
    EquatableArray<ContainingTypeDeclaration> ContainingTypes,
    string Name,
    LocationInfo? Location,
    bool IsPartial,
    bool IsStatic,
    bool IsGeneric,
    BackwardModeValue Backward,
    EquatableArray<MemberDeclaration> Models,
    EquatableArray<MemberDeclaration> Optimizers,
    EquatableArray<LossDeclaration> Losses,
    EquatableArray<ForwardDeclaration> Forwards,
    EquatableArray<StepDeclaration> Steps,
    EquatableArray<string> UnsupportedFeatures,
    LocationInfo? UnsupportedFeatureLocation);

/// <summary>A type the trainer is nested in, outermost first.</summary>
internal sealed record ContainingTypeDeclaration(string Keyword, string Name, bool IsPartial, LocationInfo? Location);

/// <summary>Mirrors <c>MultiLoss.BackwardMode</c>; the generator does not reference the runtime assembly.</summary>
internal enum BackwardModeValue
{
    Combined = 0,
    Separate = 1,
}
