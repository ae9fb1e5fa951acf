namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A method marked <c>[Loss]</c>.</summary>
internal sealed record LossDeclaration(
    string MethodName,
    string? ReportName,
    double Weight,
    LocationInfo? WeightLocation,
    bool ReturnsTensor,
    string ReturnTypeDisplay,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    GateDeclaration? Gate,
    EquatableArray<PhaseMembershipDeclaration> Phases,
    LocationInfo? Location);
