namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A user-declared <c>partial StepResult Step(...)</c> the generator implements.</summary>
/// <param name="Modifiers">The declaration's modifiers except <c>partial</c> (e.g. <c>public virtual</c>); the implementation repeats them.</param>
internal sealed record StepDeclaration(
    string MethodName,
    string Modifiers,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    LocationInfo? Location);
