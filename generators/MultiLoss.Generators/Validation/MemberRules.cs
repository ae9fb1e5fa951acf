using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Parsing;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>Rules on the <c>[Model]</c> and <c>[Optimizer]</c> members: exactly one each, instance, the right type, an optimizer step needing no argument.</summary>
internal static class MemberRules
{
    public static MemberDeclaration? SingleModel(TrainerDeclaration trainer, DiagnosticBag diagnostics)
        => Single(trainer, trainer.Models, NoModel, SeveralModels, "model", "torch.nn.Module", MemberAttributes.Model, diagnostics);

    public static MemberDeclaration? SingleOptimizer(TrainerDeclaration trainer, DiagnosticBag diagnostics)
        => Single(trainer, trainer.Optimizers, NoOptimizer, SeveralOptimizers, "optimizer", "torch.optim.Optimizer", MemberAttributes.Optimizer, diagnostics);

    private static MemberDeclaration? Single(
        TrainerDeclaration trainer,
        EquatableArray<MemberDeclaration> members,
        DiagnosticDescriptor none,
        DiagnosticDescriptor several,
        string role,
        string expectedType,
        string attribute,
        DiagnosticBag diagnostics)
    {
        if (members.Count == 0)
        {
            if (!ClassRules.Inherits(trainer, attribute)) diagnostics.Report(none, trainer.Location, trainer.Name);
            return null;
        }
        for (var i = 1; i < members.Count; i++)
        {
            diagnostics.Report(several, members[i].Location, members[i].Name, trainer.Name);
        }
        foreach (var member in members)
        {
            if (member.IsStatic) diagnostics.Report(UnsupportedMemberKind, member.Location, member.Name, "static", $"the {role} must be an instance member of the trainer");
            if (!member.IsReadable) diagnostics.Report(UnsupportedMemberKind, member.Location, member.Name, "a property without a getter", $"the step must be able to read the {role}");
            if (!member.IsExpectedType) diagnostics.Report(MemberWrongType, member.Location, role, member.Name, member.TypeDisplay, expectedType);
            else if (member.StepNeedsArguments) diagnostics.Report(OptimizerStepNeedsArguments, member.Location, member.Name, member.TypeDisplay);
        }
        return members[0];
    }
}
