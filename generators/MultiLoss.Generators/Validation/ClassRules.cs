using System.Collections.Immutable;
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
        foreach (var container in trainer.ContainingTypes)
        {
            if (!container.IsPartial) diagnostics.Report(ContainingTypeNotPartial, container.Location, trainer.Name, container.Name);
        }
    }

    public static EquatableArray<ContainingTypeSpec> ContainingTypeSpecs(TrainerDeclaration trainer)
    {
        var specs = ImmutableArray.CreateBuilder<ContainingTypeSpec>(trainer.ContainingTypes.Count);
        foreach (var container in trainer.ContainingTypes) specs.Add(new ContainingTypeSpec(container.Keyword, container.Name));
        return specs.ToEquatableArray();
    }
}
