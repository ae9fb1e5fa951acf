using System.Collections.Immutable;
using System.Globalization;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>Rules on the trainer class itself: partial, not static or generic, partial containers.</summary>
internal static class ClassRules
{
    public static void Check(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        if (!trainer.IsPartial) diagnostics.Report(TrainerNotPartial, trainer.Location, trainer.Name);
        if (trainer.IsStatic) diagnostics.Report(UnsupportedTrainerKind, trainer.Location, trainer.Name, "static");
        if (trainer.IsGeneric) diagnostics.Report(UnsupportedTrainerKind, trainer.Location, trainer.Name, "generic");
        if (KindOtherThanClass(trainer.Keyword) is { } kind) diagnostics.Report(UnsupportedTrainerKind, trainer.Location, trainer.Name, kind);
        if (trainer.IsFileLocal) diagnostics.Report(UnsupportedTrainerKind, trainer.Location, trainer.Name, "file-local, so the generated file cannot complete it");
        foreach (var container in trainer.ContainingTypes)
        {
            if (!container.IsPartial) diagnostics.Report(ContainingTypeNotPartial, container.Location, trainer.Name, container.Name);
            if (container.IsGeneric) diagnostics.Report(UnsupportedTrainerKind, trainer.Location, trainer.Name, $"nested in the generic type '{container.Name}'");
        }
    }

    /// <summary>What the trainer is instead of a class (the generated part is a <c>partial class</c>), or null for a class.</summary>
    private static string? KindOtherThanClass(string keyword) => keyword switch
    {
        "record" or "record struct" => "a record",
        "struct" => "a struct",
        "interface" => "an interface",
        _ => null,
    };

    /// <summary>
    /// User members named like what the generator adds: Step (unless the user declares the step), StepResult, StepsTaken,
    /// Phase (with phases), SkippedSteps (with [SkipNonFinite]), Dispose.
    /// </summary>
    public static void CheckGeneratedNames(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        foreach (var clash in trainer.GeneratedNameClashes)
        {
            if (clash.Name == Parsing.GeneratedNames.Phase && trainer.Phases.Count == 0) continue;
            if (clash.Name == Parsing.GeneratedNames.SkippedSteps && !trainer.Controls.SkipNonFinite) continue;
            if (clash.Name == Parsing.GeneratedNames.EndEpoch && trainer.Methods.Count == 0) continue;
            if (clash.Name == Parsing.GeneratedNames.DefaultStep && trainer.Steps.Count > 0) continue;
            if (clash.Name.StartsWith(Parsing.GeneratedNames.ReservedPrefix, System.StringComparison.Ordinal))
            {
                diagnostics.Report(ReservedName, clash.Location, clash.Name);
                continue;
            }
            diagnostics.Report(GeneratedMemberClash, clash.Location, clash.Name);
        }
    }

    /// <summary>Declarations that would otherwise be ignored in silence.</summary>
    public static void CheckMisplaced(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        foreach (var misplaced in trainer.Misplaced)
        {
            var descriptor = misplaced.Kind == MisplacedKind.StepReturnType ? StepWrongReturnType : AttributeWithoutEffect;
            diagnostics.Report(descriptor, misplaced.Location, misplaced.Member, misplaced.Detail);
        }
        foreach (var inherited in trainer.InheritedMembers)
        {
            if (inherited.IsOverridden) continue;
            diagnostics.Report(InheritedMember, inherited.Location ?? trainer.Location, inherited.MemberName, inherited.Attribute, inherited.DeclaringType, trainer.Name);
        }
    }

    /// <summary>The trainer inherits a member with <paramref name="attribute"/> (reported as ML0047, which says more than "none").</summary>
    public static bool Inherits(TrainerDeclaration trainer, string attribute)
    {
        foreach (var inherited in trainer.InheritedMembers)
        {
            if (inherited.Attribute == attribute && !inherited.IsOverridden) return true;
        }
        return false;
    }

    /// <summary>Reports a name the user chose that starts with <c>__</c>, the prefix of everything the generator declares.</summary>
    public static void CheckNotReserved(string name, LocationInfo? location, DiagnosticBag diagnostics)
    {
        if (name.StartsWith(Parsing.GeneratedNames.ReservedPrefix, System.StringComparison.Ordinal)) diagnostics.Report(ReservedName, location, name);
    }

    public static TrainingControlsSpec ResolveControls(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        var controls = trainer.Controls;
        if (controls.ClipGradNorm is { } norm && !(norm > 0 && !double.IsInfinity(norm)))
        {
            diagnostics.Report(InvalidClipNorm, controls.ClipGradNormLocation ?? trainer.Location, trainer.Name, norm.ToString("R", CultureInfo.InvariantCulture));
        }
        if (controls.AccumulateSteps is <= 0)
        {
            diagnostics.Report(InvalidAccumulation, controls.AccumulateStepsLocation ?? trainer.Location, trainer.Name, controls.AccumulateSteps.Value.ToString(CultureInfo.InvariantCulture));
        }
        return new TrainingControlsSpec(controls.SkipNonFinite, controls.ClipGradNorm, System.Math.Max(1, controls.AccumulateSteps ?? 1));
    }

    public static EquatableArray<ContainingTypeSpec> ContainingTypeSpecs(TrainerDeclaration trainer)
    {
        var specs = ImmutableArray.CreateBuilder<ContainingTypeSpec>(trainer.ContainingTypes.Count);
        foreach (var container in trainer.ContainingTypes) specs.Add(new ContainingTypeSpec(container.Keyword, container.Name));
        return specs.ToEquatableArray();
    }
}
