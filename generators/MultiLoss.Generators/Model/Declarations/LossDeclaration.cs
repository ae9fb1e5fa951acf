namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A method marked <c>[Loss]</c>.</summary>
internal sealed record LossDeclaration(
    string MethodName,
    string? ReportName,
    double Weight,
    LocationInfo? WeightLocation,
    string? WeightIntegerDivision,
    bool ReturnsTensor,
    string ReturnTypeDisplay,
    bool ReturnsNullable,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    GateDeclaration? Gate,
    UpdatesDeclaration? Updates,
    int WarmupSteps,
    LocationInfo? WarmupLocation,
    EquatableArray<PhaseMembershipDeclaration> Phases,
    LocationInfo? Location);

/// <summary><c>[Loss(Updates = nameof(member))]</c>: the loss trains only that member's parameters.</summary>
internal sealed record UpdatesDeclaration(string Member, UpdatesTargetKind Target, bool IsNullable, LocationInfo? Location);

/// <summary>What the member named by <c>Updates</c> is.</summary>
internal enum UpdatesTargetKind
{
    Module,
    Missing,
    NotModule,
    Static,
}
