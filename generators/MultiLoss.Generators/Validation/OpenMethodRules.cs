using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using static MultiLoss.Generators.Validation.DiagnosticDescriptors;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// A trainer that takes its method at construction (a <c>[Method]</c> member): one such member, readable, of a method
/// attribute's type; no method named on the trainer as well; and none of the features an open method cannot run with
/// yet, since its step computes every loss in every step and backpropagates one total. What the chosen method requires
/// is checked at run time (<c>MultiLoss.Methods.MethodRequirements</c>).
/// </summary>
internal static class OpenMethodRules
{
    private const string NameItOnTheTrainer = "name the method on the trainer for this (an open method computes every loss in every step and backpropagates one total)";

    /// <summary>The <c>[Method]</c> member's name, or null when the trainer names its method (or has none).</summary>
    public static string? Resolve(TrainerDeclaration trainer, DiagnosticBag diagnostics)
    {
        if (trainer.MethodMembers.Count == 0) return null;
        var member = trainer.MethodMembers[0];
        for (var i = 1; i < trainer.MethodMembers.Count; i++)
        {
            var other = trainer.MethodMembers[i];
            diagnostics.Report(OpenMethodConflict, other.Location, trainer.Name, member.Name, $"a second [Method] member '{other.Name}'", "mark one member");
        }
        if (member.IsStatic || !member.IsReadable)
        {
            diagnostics.Report(UnsupportedMemberKind, member.Location, member.Name, "static or write-only", "the method must be a readable instance member");
        }
        if (!member.IsExpectedType)
        {
            diagnostics.Report(MemberWrongType, member.Location, "method", member.Name, member.TypeDisplay, "MultiLoss.TrainingMethodAttribute");
        }
        foreach (var method in trainer.Methods)
        {
            diagnostics.Report(OpenMethodConflict, method.Location ?? trainer.Location, trainer.Name, member.Name, method.DisplayName,
                $"name the method in one place: remove {method.DisplayName} or the [Method] member");
        }
        CheckFeatures(trainer, member.Name, diagnostics);
        return member.Name;
    }

    private static void CheckFeatures(TrainerDeclaration trainer, string member, DiagnosticBag diagnostics)
    {
        foreach (var phase in trainer.Phases)
        {
            diagnostics.Report(OpenMethodConflict, phase.Location ?? trainer.Location, trainer.Name, member, $"phase {phase.Number}", NameItOnTheTrainer);
        }
        if (trainer.Backward == BackwardModeValue.Separate)
        {
            diagnostics.Report(OpenMethodConflict, trainer.AttributeLocation ?? trainer.Location, trainer.Name, member, "BackwardMode.Separate", NameItOnTheTrainer);
        }
        if (trainer.Controls.AccumulateSteps > 1)
        {
            diagnostics.Report(OpenMethodConflict, trainer.Controls.AccumulateStepsLocation ?? trainer.Location, trainer.Name, member, "[AccumulateGradients]", NameItOnTheTrainer);
        }
        foreach (var loss in trainer.Losses)
        {
            if (loss.Gate is { } gate) diagnostics.Report(OpenMethodConflict, gate.Location ?? loss.Location, trainer.Name, member, $"the gate of '{loss.MethodName}'", NameItOnTheTrainer);
            if (loss.WarmupSteps > 0) diagnostics.Report(OpenMethodConflict, loss.WarmupLocation ?? loss.Location, trainer.Name, member, $"WarmupSteps on '{loss.MethodName}'", NameItOnTheTrainer);
            if (loss.Updates is { } updates) diagnostics.Report(OpenMethodConflict, updates.Location ?? loss.Location, trainer.Name, member, $"Updates on '{loss.MethodName}'", NameItOnTheTrainer);
        }
    }
}
