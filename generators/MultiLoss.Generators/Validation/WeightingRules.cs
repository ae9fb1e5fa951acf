using System.Globalization;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Rules on adaptive weighting and gradient aggregation: what this version implements, and which other features an
/// adaptive weighting cannot be combined with (it owns every loss's weight, and sums every loss in one backward).
/// </summary>
internal static class WeightingRules
{
    public static WeightingSpec Resolve(TrainerDeclaration trainer, GateSpec?[] gates, DiagnosticBag diagnostics)
    {
        var declaration = trainer.Weighting;
        if (declaration.Kind == LossWeightingValue.GradNorm)
        {
            diagnostics.Report(NotAvailableYet, declaration.KindLocation ?? trainer.Location, "LossWeighting.GradNorm");
        }
        if (declaration.Aggregation != 0)
        {
            diagnostics.Report(NotAvailableYet, declaration.AggregationLocation ?? trainer.Location, "GradientAggregation.PCGrad");
        }
        if (declaration.Kind == LossWeightingValue.DynamicWeightAverage && !(declaration.DwaTemperature > 0 && !double.IsInfinity(declaration.DwaTemperature)))
        {
            diagnostics.Report(InvalidDwaTemperature, declaration.DwaTemperatureLocation ?? trainer.Location, trainer.Name,
                declaration.DwaTemperature.ToString("R", CultureInfo.InvariantCulture));
        }

        var spec = new WeightingSpec(declaration.Kind, declaration.DwaTemperature);
        if (!spec.IsAdaptive) return spec;

        var name = "LossWeighting." + declaration.Kind;
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var loss = trainer.Losses[i];
            if (loss.WarmupSteps > 0) diagnostics.Report(WeightingConflict, loss.WarmupLocation ?? loss.Location, name, $"WarmupSteps on '{loss.MethodName}'", "the weighting sets every weight itself");
            if (loss.Updates is not null) diagnostics.Report(WeightingConflict, loss.Updates.Location ?? loss.Location, name, $"Updates on '{loss.MethodName}'", "the weighting needs every loss in one backward");
            if (gates[i] is { OnDevice: true }) diagnostics.Report(WeightingConflict, loss.Gate!.Location, name, $"the device gate of '{loss.MethodName}'", "use a host gate (the default)");
        }
        return spec;
    }
}
