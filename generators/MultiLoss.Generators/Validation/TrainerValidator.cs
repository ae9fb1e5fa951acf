using System.Collections.Immutable;
using System.Threading;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// Judges a <see cref="TrainerDeclaration"/>: runs every rule, reports what each finds and, when nothing is an
/// error, resolves the declaration into the <see cref="TrainerSpec"/> the emitters write.
/// </summary>
internal static class TrainerValidator
{
    public static ValidationResult Validate(TrainerDeclaration trainer, CancellationToken cancellationToken)
    {
        var diagnostics = new DiagnosticBag();

        ClassRules.Check(trainer, diagnostics);
        ClassRules.CheckGeneratedNames(trainer, diagnostics);
        ClassRules.CheckMisplaced(trainer, diagnostics);
        var controls = ClassRules.ResolveControls(trainer, diagnostics);
        var model = MemberRules.SingleModel(trainer, diagnostics);
        var optimizer = MemberRules.SingleOptimizer(trainer, diagnostics);
        cancellationToken.ThrowIfCancellationRequested();

        var step = BindingRules.ResolveStep(trainer, diagnostics);
        var forward = BindingRules.ResolveForward(trainer, model, step, diagnostics);
        var losses = LossRules.Resolve(trainer, step, forward, diagnostics);
        var metrics = MetricRules.Resolve(trainer, step, forward, diagnostics);
        BindingRules.CheckOutputsUsed(trainer, forward, losses.AsImmutableArray(), metrics.AsImmutableArray(), diagnostics);
        var gates = GateRules.Resolve(trainer, diagnostics);
        var phases = PhaseRules.Resolve(trainer, gates, diagnostics);
        var weighting = MethodRules.Resolve(trainer, gates, forward, diagnostics);
        cancellationToken.ThrowIfCancellationRequested();

        if (diagnostics.HasErrors) return Refused(trainer, diagnostics);

        var lossSpecs = ImmutableArray.CreateBuilder<LossSpec>(losses.Count);
        for (var i = 0; i < losses.Count; i++) lossSpecs.Add(losses[i] with { Gate = gates[i], Index = i, IsAdaptive = weighting.IsAdaptive || weighting.IsOpen });

        var spec = new TrainerSpec(
            trainer.Namespace,
            ClassRules.ContainingTypeSpecs(trainer),
            trainer.Name,
            model!.Name,
            optimizer!.Name,
            step,
            forward!,
            lossSpecs.ToEquatableArray(),
            metrics,
            phases,
            HasDeclaredPhases: trainer.Phases.Count > 0,
            controls,
            weighting,
            NullableRules.Resolve(trainer, model!, optimizer!));
        ValueSlotRules.Check(trainer, spec, diagnostics);
        return diagnostics.HasErrors ? Refused(trainer, diagnostics) : new ValidationResult(spec, diagnostics.ToEquatableArray());
    }

    private static ValidationResult Refused(TrainerDeclaration trainer, DiagnosticBag diagnostics)
        => new(null, diagnostics.ToEquatableArray(), RefusedTrainers.Stub(trainer));
}
