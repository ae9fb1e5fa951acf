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
        var pcGrad = declaration.Aggregation != 0;
        var sharedLayer = ResolveSharedLayer(trainer, declaration, pcGrad, diagnostics);
        if (declaration.Kind == LossWeightingValue.DynamicWeightAverage && !(declaration.DwaTemperature > 0 && !double.IsInfinity(declaration.DwaTemperature)))
        {
            diagnostics.Report(InvalidDwaTemperature, declaration.DwaTemperatureLocation ?? trainer.Location, trainer.Name,
                declaration.DwaTemperature.ToString("R", CultureInfo.InvariantCulture));
        }

        if (declaration.Kind == LossWeightingValue.GradNorm && !(declaration.GradNormAlpha >= 0 && !double.IsInfinity(declaration.GradNormAlpha)))
        {
            diagnostics.Report(WeightingConflict, declaration.KindLocation ?? trainer.Location, "LossWeighting.GradNorm",
                $"GradNormAlpha = {declaration.GradNormAlpha.ToString("R", CultureInfo.InvariantCulture)}", "α must be a finite number ≥ 0");
        }

        var spec = new WeightingSpec(declaration.Kind, declaration.DwaTemperature, declaration.GradNormAlpha, pcGrad, sharedLayer);
        if (spec.IsAdaptive) CheckAdaptiveConflicts(trainer, gates, "LossWeighting." + declaration.Kind, diagnostics);
        if (pcGrad) CheckAdaptiveConflicts(trainer, gates, "GradientAggregation.PCGrad", diagnostics);
        if (pcGrad && spec.IsAdaptive)
        {
            diagnostics.Report(WeightingConflict, declaration.AggregationLocation ?? trainer.Location, "GradientAggregation.PCGrad", "LossWeighting." + declaration.Kind, "PCGrad combines fixed weights");
        }
        var needsEveryLoss = pcGrad || declaration.Kind == LossWeightingValue.GradNorm;
        if (needsEveryLoss) CheckEveryLossEveryStep(trainer, gates, pcGrad ? "GradientAggregation.PCGrad" : "LossWeighting.GradNorm", diagnostics);
        CheckMoreThanOneLoss(trainer, declaration, pcGrad, diagnostics);
        return spec;
    }

    /// <summary>
    /// DWA and GradNorm set relative weights (λ = K·softmax(...) with K = 1, weights renormalised to sum to 1) and PCGrad
    /// projects one loss's gradient on another's: with one loss each leaves the step exactly as with fixed weights.
    /// Uncertainty weighting still learns its s = log σ² with one loss, which scales the loss, so it is not reported.
    /// </summary>
    private static void CheckMoreThanOneLoss(TrainerDeclaration trainer, WeightingDeclaration declaration, bool pcGrad, DiagnosticBag diagnostics)
    {
        if (trainer.Losses.Count != 1) return;
        if (declaration.Kind is LossWeightingValue.DynamicWeightAverage or LossWeightingValue.GradNorm)
        {
            diagnostics.Report(WeightingWithSingleLoss, declaration.KindLocation ?? trainer.Location, trainer.Name, "LossWeighting." + declaration.Kind);
        }
        if (pcGrad) diagnostics.Report(WeightingWithSingleLoss, declaration.AggregationLocation ?? trainer.Location, trainer.Name, "GradientAggregation.PCGrad");
    }

    private static void CheckAdaptiveConflicts(TrainerDeclaration trainer, GateSpec?[] gates, string name, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var loss = trainer.Losses[i];
            if (loss.WarmupSteps > 0) diagnostics.Report(WeightingConflict, loss.WarmupLocation ?? loss.Location, name, $"WarmupSteps on '{loss.MethodName}'", "the weighting sets every weight itself");
            if (loss.Updates is not null) diagnostics.Report(WeightingConflict, loss.Updates.Location ?? loss.Location, name, $"Updates on '{loss.MethodName}'", "the weighting needs every loss in one backward");
            if (gates[i] is { OnDevice: true }) diagnostics.Report(WeightingConflict, loss.Gate!.Location, name, $"the device gate of '{loss.MethodName}'", "use a host gate (the default)");
        }
    }

    /// <summary>GradNorm and PCGrad take every loss's gradient on every step: no gates, no phase-restricted losses, no accumulation.</summary>
    private static void CheckEveryLossEveryStep(TrainerDeclaration trainer, GateSpec?[] gates, string name, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var loss = trainer.Losses[i];
            if (gates[i] is { OnDevice: false }) diagnostics.Report(WeightingConflict, loss.Gate!.Location, name, $"the gate of '{loss.MethodName}'", "it needs every loss on every step");
            if (loss.Phases.Count > 0) diagnostics.Report(WeightingConflict, loss.Phases[0].Location, name, $"the phases of '{loss.MethodName}'", "it needs every loss on every step");
        }
        if (trainer.Controls.AccumulateSteps is > 1)
        {
            diagnostics.Report(WeightingConflict, trainer.Controls.AccumulateStepsLocation ?? trainer.Location, name, "[AccumulateGradients]", "it updates per step");
        }
    }

    private static string? ResolveSharedLayer(TrainerDeclaration trainer, WeightingDeclaration declaration, bool pcGrad, DiagnosticBag diagnostics)
    {
        var needed = declaration.Kind == LossWeightingValue.GradNorm;
        if (trainer.SharedLayers.Count == 0)
        {
            if (needed) diagnostics.Report(MissingSharedLayer, declaration.KindLocation ?? trainer.Location, trainer.Name);
            return null;
        }
        for (var i = 1; i < trainer.SharedLayers.Count; i++)
        {
            diagnostics.Report(MissingSharedLayer, trainer.SharedLayers[i].Location, trainer.Name);
        }
        var layer = trainer.SharedLayers[0];
        if (layer.IsStatic || !layer.IsReadable) diagnostics.Report(UnsupportedMemberKind, layer.Location, layer.Name, "static or write-only", "the shared layer must be a readable instance member");
        if (!layer.IsExpectedType) diagnostics.Report(MemberWrongType, layer.Location, "shared layer", layer.Name, layer.TypeDisplay, "torch.nn.Module");
        if (!needed && !pcGrad)
        {
            diagnostics.Report(AttributeWithoutEffect, layer.Location, layer.Name, "[SharedLayer] without GradNorm or PCGrad");
        }
        return layer.Name;
    }
}
