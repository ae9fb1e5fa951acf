using System.Collections.Generic;
using System.Collections.Immutable;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Rules on each <c>[Metric]</c>: not also a loss, returns Tensor, instance and not generic, a name no other reported
/// value has, parameters bound as a loss's are (dsl §3).
/// </summary>
internal static class MetricRules
{
    public static EquatableArray<MetricSpec> Resolve(TrainerDeclaration trainer, StepSpec step, ForwardSpec? forward, DiagnosticBag diagnostics)
    {
        if (trainer.Metrics.Count == 0) return EquatableArray<MetricSpec>.Empty;

        var available = new List<string>(step.Parameters);
        if (forward is not null) available.AddRange(forward.Outputs);

        var metrics = ImmutableArray.CreateBuilder<MetricSpec>(trainer.Metrics.Count);
        for (var i = 0; i < trainer.Metrics.Count; i++)
        {
            var metric = trainer.Metrics[i];
            if (metric.IsAlsoLoss)
            {
                // The loss rules judge it as a loss; as a metric it would only repeat what this says.
                diagnostics.Report(MetricAndLoss, metric.AttributeLocation ?? metric.Location, metric.MethodName);
                continue;
            }
            if (!metric.ReturnsTensor) diagnostics.Report(MetricNotTensor, metric.Location, metric.MethodName, metric.ReturnTypeDisplay);
            if (metric.IsStatic) diagnostics.Report(UnsupportedMemberKind, metric.Location, metric.MethodName, "static", "a metric must be an instance method");
            if (metric.IsGeneric) diagnostics.Report(UnsupportedMemberKind, metric.Location, metric.MethodName, "generic", "a metric cannot have type parameters");
            CheckName(trainer, i, diagnostics);

            BindingRules.CheckTensorParameters(metric.MethodName, metric.Parameters, diagnostics);
            if (forward is not null) BindingRules.CheckBindings(metric.MethodName, metric.Parameters, available, diagnostics);
            metrics.Add(new MetricSpec(metric.MethodName, metric.ReportName ?? metric.MethodName, BindingRules.Names(metric.Parameters), metrics.Count));
        }
        return metrics.ToEquatableArray();
    }

    /// <summary>
    /// The method's name becomes a <c>StepResult</c> property and the report name a name of the layout: neither may be one
    /// that the result or the layout already has.
    /// </summary>
    private static void CheckName(TrainerDeclaration trainer, int index, DiagnosticBag diagnostics)
    {
        var metric = trainer.Metrics[index];
        if (TakenBy(trainer, index, metric.MethodName, asProperty: true) is { } property)
        {
            diagnostics.Report(MetricNameTaken, metric.Location, metric.MethodName, metric.MethodName, property, "rename the method");
            return;
        }
        var reportName = metric.ReportName ?? metric.MethodName;
        if (TakenBy(trainer, index, reportName, asProperty: false) is { } reported)
        {
            diagnostics.Report(MetricNameTaken, metric.ReportNameLocation ?? metric.Location, reportName, metric.MethodName, reported,
                metric.ReportName is null ? "rename the method, or report it under another name with [Metric(Name = ...)]" : "choose another Name");
        }
    }

    /// <summary>
    /// What already has <paramref name="name"/>, as a member of <c>StepResult</c> (<paramref name="asProperty"/>) or as a
    /// name in its layout, or null when nothing has.
    /// </summary>
    private static string? TakenBy(TrainerDeclaration trainer, int index, string name, bool asProperty)
    {
        if (name.EndsWith("GateOpen", System.StringComparison.Ordinal)) return "the state of a gate (<Loss>GateOpen)";
        if (LossRules.IsReserved(name)) return $"the member '{name}' every StepResult has";
        var reportsWeights = trainer.Methods.Count > 0 || trainer.MethodMembers.Count > 0;
        foreach (var loss in trainer.Losses)
        {
            var lossName = asProperty ? loss.MethodName : loss.ReportName ?? loss.MethodName;
            if (name == lossName) return $"the loss '{loss.MethodName}'";
            if ((reportsWeights || loss.WarmupSteps > 0) && name == lossName + "Weight") return $"the weight of the loss '{loss.MethodName}'";
        }
        for (var i = 0; i < index; i++)
        {
            var other = trainer.Metrics[i];
            if (other.IsAlsoLoss) continue;
            if (name == (asProperty ? other.MethodName : other.ReportName ?? other.MethodName)) return $"the metric '{other.MethodName}' declared before it";
        }
        return null;
    }
}
