namespace MultiLoss.Generators.Model.Specs;

/// <summary>The step method: its name and parameters, and whether the user declared it (then it is a partial implementation).</summary>
internal sealed record StepSpec(
    string MethodName,
    string Modifiers,
    bool IsUserDeclared,
    EquatableArray<string> Parameters);
