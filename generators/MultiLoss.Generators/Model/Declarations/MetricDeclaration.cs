namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A method marked <c>[Metric]</c>.</summary>
/// <param name="ReportName">The <c>Name</c> argument, or null for the method's name.</param>
/// <param name="ReportNameLocation">The <c>Name</c> argument, or null without one.</param>
/// <param name="IsAlsoLoss">The method has <c>[Loss]</c> as well.</param>
/// <param name="AttributeLocation">The <c>[Metric]</c> attribute.</param>
internal sealed record MetricDeclaration(
    string MethodName,
    string? ReportName,
    LocationInfo? ReportNameLocation,
    bool ReturnsTensor,
    string ReturnTypeDisplay,
    bool IsStatic,
    bool IsGeneric,
    EquatableArray<ParameterDeclaration> Parameters,
    bool IsAlsoLoss,
    LocationInfo? AttributeLocation,
    LocationInfo? Location);
