namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A parameter of a loss, forward or step method.</summary>
/// <param name="HasModifier">Declared <c>ref</c>, <c>out</c>, <c>in</c> or <c>params</c>.</param>
internal sealed record ParameterDeclaration(
    string Name,
    string TypeDisplay,
    bool IsTensor,
    bool HasModifier,
    bool IsNullable,
    LocationInfo? Location);
