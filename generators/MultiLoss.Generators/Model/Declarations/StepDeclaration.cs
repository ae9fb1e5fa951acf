namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A user-declared <c>partial StepResult Step(...)</c> the generator implements.</summary>
/// <param name="Modifiers">The declaration's modifiers except <c>partial</c> (e.g. <c>public virtual</c>); the implementation repeats them.</param>
/// <param name="HasAccessibility">An access modifier is written, as C# requires of a partial method returning a value.</param>
internal sealed record StepDeclaration(
    string MethodName,
    string Modifiers,
    bool HasAccessibility,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    LocationInfo? Location);
