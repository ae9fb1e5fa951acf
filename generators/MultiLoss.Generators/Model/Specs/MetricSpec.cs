namespace MultiLoss.Generators.Model.Specs;

/// <summary>One metric: the method, the name reports use, the locals passed to it, its position among the trainer's metrics.</summary>
/// <param name="ReportName">The name reports use (<c>[Metric(Name = ...)]</c>, else the method name).</param>
internal sealed record MetricSpec(string MethodName, string ReportName, EquatableArray<string> Arguments, int Index);
