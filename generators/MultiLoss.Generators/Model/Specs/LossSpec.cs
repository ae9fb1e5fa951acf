namespace MultiLoss.Generators.Model.Specs;

/// <summary>One loss term: the method, its weight, and the locals passed to it.</summary>
/// <param name="ReportName">The name reports use (<c>[Loss(Name = ...)]</c>, else the method name).</param>
internal sealed record LossSpec(
    string MethodName,
    string ReportName,
    double Weight,
    EquatableArray<string> Arguments)
{
    public bool IsUnitWeight => Weight == 1.0;
}
