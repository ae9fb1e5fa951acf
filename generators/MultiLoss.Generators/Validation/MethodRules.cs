using System.Globalization;
using System.Linq;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Rules on the trainer's weighting and aggregation methods, ours and users' alike: at most one of each kind, their
/// hyperparameters within the bounds their attributes declare, what their attribute classes require of the trainer,
/// and the features no method can be combined with (it owns every loss's weight and backpropagates one total).
/// </summary>
internal static class MethodRules
{
    public static MethodsSpec Resolve(TrainerDeclaration trainer, GateSpec?[] gates, ForwardSpec? forward, DiagnosticBag diagnostics)
    {
        foreach (var lookalike in trainer.MethodLookalikes)
        {
            diagnostics.Report(MethodLookalike, lookalike.Location ?? trainer.Location, lookalike.Name, trainer.Name);
        }
        MethodDeclaration? weighting = null;
        MethodDeclaration? aggregation = null;
        foreach (var method in trainer.Methods)
        {
            ref var slot = ref method.Role == MethodRole.Weighting ? ref weighting : ref aggregation;
            if (slot is not null)
            {
                diagnostics.Report(MoreThanOneMethod, method.Location ?? trainer.Location, trainer.Name, slot.DisplayName, method.DisplayName);
                continue;
            }
            slot = method;
            CheckHyperparameters(method, trainer, diagnostics);
            CheckConflicts(trainer, method, gates, diagnostics);
            if (method.RequiresEveryLossEveryStep) CheckEveryLossEveryStep(trainer, method, gates, diagnostics);
            if (trainer.Losses.Count < method.MinimumLossCount)
            {
                diagnostics.Report(WeightingWithSingleLoss, method.Location ?? trainer.Location, trainer.Name, method.DisplayName);
            }
        }
        if (weighting is not null && aggregation is not null)
        {
            diagnostics.Report(WeightingConflict, aggregation.Location ?? trainer.Location, aggregation.DisplayName, weighting.DisplayName,
                "an aggregation method combines the gradients of the declared weights");
        }
        var open = OpenMethodRules.Resolve(trainer, diagnostics);
        var sharedLayer = ResolveSharedLayer(trainer, weighting, aggregation, open is not null, diagnostics);
        var representation = ResolveRepresentation(trainer, aggregation, open is not null, forward, diagnostics);
        return new MethodsSpec(
            weighting is null ? null : new MethodSpec(weighting.Name, weighting.CreateExpression, weighting.RequiresLossesAfterStep),
            aggregation is null ? null : new MethodSpec(aggregation.Name, aggregation.CreateExpression, aggregation.RequiresLossesAfterStep),
            sharedLayer,
            representation,
            open);
    }

    /// <summary>
    /// <c>[AggregateAt]</c>: it needs an aggregation method that can work on a representation's gradients, and a
    /// non-nullable forward output of that name; a method that needs a representation needs <c>[AggregateAt]</c>.
    /// </summary>
    /// <param name="open">The trainer takes its method at construction: whether it aggregates is checked then.</param>
    private static string? ResolveRepresentation(TrainerDeclaration trainer, MethodDeclaration? aggregation, bool open, ForwardSpec? forward, DiagnosticBag diagnostics)
    {
        if (trainer.Representation is not { } declared)
        {
            if (aggregation is { RequiresRepresentation: true })
            {
                diagnostics.Report(MethodNeedsRepresentation, aggregation.Location ?? trainer.Location, trainer.Name, aggregation.DisplayName);
            }
            return null;
        }
        var location = declared.Location ?? trainer.Location;
        var written = declared.Output ?? "null";
        if (aggregation is null && !open)
        {
            diagnostics.Report(RepresentationNotApplicable, location, trainer.Name, written,
                "no gradient-aggregation method works on it: add one (e.g. [UPGrad]) or remove [AggregateAt]");
            return null;
        }
        if (aggregation is { RequiresParameterGradients: true })
        {
            diagnostics.Report(RepresentationNotApplicable, location, trainer.Name, written,
                $"{aggregation!.DisplayName} works only on the gradients of the shared parameters: remove [AggregateAt]");
            return null;
        }
        if (forward is null) return null;
        if (declared.Output is null || !forward.Outputs.Contains(declared.Output))
        {
            diagnostics.Report(RepresentationNotApplicable, location, trainer.Name, written,
                $"the forward pass has no output of that name; name one of: {string.Join(", ", forward.Outputs)}");
            return null;
        }
        foreach (var candidate in trainer.Forwards)
        {
            foreach (var output in candidate.Outputs)
            {
                if (output.Name != declared.Output || !output.IsNullable) continue;
                diagnostics.Report(RepresentationNotApplicable, location, trainer.Name, written,
                    "that output is declared Tensor?; the representation must be a tensor in every step: declare it Tensor");
                return null;
            }
        }
        return declared.Output;
    }

    private static void CheckHyperparameters(MethodDeclaration method, TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        foreach (var hyperparameter in method.Hyperparameters)
        {
            if (hyperparameter.Value is not { } value) continue;
            foreach (var bound in hyperparameter.Bounds)
            {
                var within = !double.IsNaN(value) && !double.IsInfinity(value) && bound.Kind switch
                {
                    BoundKind.GreaterThan => value > bound.Bound,
                    BoundKind.AtLeast => value >= bound.Bound,
                    BoundKind.LessThan => value < bound.Bound,
                    _ => value <= bound.Bound,
                };
                if (within) continue;
                diagnostics.Report(HyperparameterOutOfRange, hyperparameter.Location ?? method.Location ?? trainer.Location,
                    trainer.Name, method.DisplayName, hyperparameter.Name, value.ToString("R", CultureInfo.InvariantCulture), Describe(bound));
                break;
            }
        }
    }

    private static string Describe(HyperparameterBound bound)
    {
        var text = bound.Bound.ToString("R", CultureInfo.InvariantCulture);
        return bound.Kind switch
        {
            BoundKind.GreaterThan => "> " + text,
            BoundKind.AtLeast => "≥ " + text,
            BoundKind.LessThan => "< " + text,
            _ => "≤ " + text,
        };
    }

    /// <summary>Every method: no warm-up, no <c>Updates</c>, no device gate; a weighting method also no separate backward.</summary>
    private static void CheckConflicts(TrainerDeclaration trainer, MethodDeclaration method, GateSpec?[] gates, DiagnosticBag diagnostics)
    {
        var name = method.DisplayName;
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            var loss = trainer.Losses[i];
            if (loss.WarmupSteps > 0) diagnostics.Report(WeightingConflict, loss.WarmupLocation ?? loss.Location, name, $"WarmupSteps on '{loss.MethodName}'", "the method sets every weight itself");
            if (loss.Updates is not null) diagnostics.Report(WeightingConflict, loss.Updates.Location ?? loss.Location, name, $"Updates on '{loss.MethodName}'", "the method needs every loss in one backward");
            if (gates[i] is { OnDevice: true }) diagnostics.Report(WeightingConflict, loss.Gate!.Location, name, $"the device gate of '{loss.MethodName}'", "use a host gate (the default)");
        }
        if (method.Role != MethodRole.Weighting) return;
        if (trainer.Backward == BackwardModeValue.Separate)
        {
            diagnostics.Report(WeightingConflict, trainer.AttributeLocation ?? trainer.Location, name, "BackwardMode.Separate", "the method combines the losses into one total");
        }
        foreach (var phase in trainer.Phases)
        {
            if (phase.Backward == BackwardModeValue.Separate)
            {
                diagnostics.Report(WeightingConflict, phase.Location, name, $"BackwardMode.Separate in phase {phase.Number}", "the method combines the losses into one total");
            }
        }
    }

    /// <summary>What <c>[RequiresEveryLossEveryStep]</c> rules out: gates, phase-restricted losses, accumulation.</summary>
    private static void CheckEveryLossEveryStep(TrainerDeclaration trainer, MethodDeclaration method, GateSpec?[] gates, DiagnosticBag diagnostics)
    {
        var name = method.DisplayName;
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

    private static string? ResolveSharedLayer(TrainerDeclaration trainer, MethodDeclaration? weighting, MethodDeclaration? aggregation, bool open, DiagnosticBag diagnostics)
    {
        var requiring = weighting is { RequiresSharedLayer: true } ? weighting : aggregation is { RequiresSharedLayer: true } ? aggregation : null;
        if (trainer.SharedLayers.Count == 0)
        {
            if (requiring is not null) diagnostics.Report(MissingSharedLayer, requiring.Location ?? trainer.Location, trainer.Name, requiring.DisplayName);
            return null;
        }
        for (var i = 1; i < trainer.SharedLayers.Count; i++)
        {
            diagnostics.Report(MissingSharedLayer, trainer.SharedLayers[i].Location, trainer.Name, (requiring ?? weighting ?? aggregation)?.DisplayName ?? "[SharedLayer]");
        }
        var layer = trainer.SharedLayers[0];
        if (layer.IsStatic || !layer.IsReadable) diagnostics.Report(UnsupportedMemberKind, layer.Location, layer.Name, "static or write-only", "the shared layer must be a readable instance member");
        if (!layer.IsExpectedType) diagnostics.Report(MemberWrongType, layer.Location, "shared layer", layer.Name, layer.TypeDisplay, "torch.nn.Module");
        if (weighting is null && aggregation is null && !open)
        {
            diagnostics.Report(AttributeWithoutEffect, layer.Location, layer.Name, "[SharedLayer] without a weighting or aggregation method");
        }
        else if (aggregation is { RequiresSharedLayer: false } && trainer.Representation is not null)
        {
            // At a representation the layers below it get the aggregated gradient, whichever layer is marked shared.
            diagnostics.Report(AttributeWithoutEffect, layer.Location, layer.Name, "[SharedLayer] while the trainer aggregates at a representation ([AggregateAt])");
        }
        return layer.Name;
    }
}
