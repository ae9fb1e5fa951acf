namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A method marked <c>[Forward]</c>.</summary>
/// <param name="Outputs">The forward outputs: <c>output</c> for a single tensor, else the tuple's elements.</param>
internal sealed record ForwardDeclaration(
    string MethodName,
    ForwardReturnKind ReturnKind,
    bool ReturnsNullable,
    EquatableArray<ForwardOutputDeclaration> Outputs,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    LocationInfo? Location);

internal enum ForwardReturnKind
{
    Tensor,
    Tuple,
    Other,
}

/// <summary>One element of a forward's tuple; <paramref name="IsNamed"/> is false for <c>ItemN</c> elements.</summary>
internal sealed record ForwardOutputDeclaration(string Name, bool IsNamed, bool IsTensor, bool IsNullable);
