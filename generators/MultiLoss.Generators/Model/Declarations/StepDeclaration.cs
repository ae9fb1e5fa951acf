namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A user-declared <c>partial StepResult Step(...)</c> the generator implements.</summary>
internal sealed record StepDeclaration(
    string MethodName,
    string Accessibility,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    LocationInfo? Location);
