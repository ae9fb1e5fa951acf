using System.Collections.Immutable;
using System.Text;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Declarations;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Validation;

/// <summary>
/// What to emit for a refused trainer so that its ML errors stand alone: without it the user's
/// <c>partial StepResult Step(...)</c> also reports that <c>StepResult</c> does not exist (CS0246) and that the partial
/// method has no implementation (CS8795). Only where the stub itself compiles: a partial, non-generic, non-static,
/// non-file-local type in partial non-generic containers, no member of the user's named <c>StepResult</c>, and steps
/// whose declaration the stub can repeat (an access modifier, tensor parameters, not static, not generic).
/// </summary>
internal static class RefusedTrainers
{
    public static RefusedTrainerSpec? Stub(TrainerDeclaration trainer)
    {
        if (!trainer.IsPartial || trainer.IsGeneric || trainer.IsStatic || trainer.IsFileLocal) return null;
        foreach (var container in trainer.ContainingTypes)
        {
            if (!container.IsPartial || container.IsGeneric) return null;
        }
        foreach (var clash in trainer.GeneratedNameClashes)
        {
            if (clash.Name is "StepResult") return null;
        }
        var steps = ImmutableArray.CreateBuilder<RefusedStepSpec>();
        foreach (var step in trainer.Steps)
        {
            if (Repeatable(step) is { } parameters) steps.Add(new RefusedStepSpec(step.MethodName, step.Modifiers, parameters));
        }
        return new RefusedTrainerSpec(trainer.Namespace, ClassRules.ContainingTypeSpecs(trainer), trainer.Name, trainer.Keyword, steps.ToEquatableArray());
    }

    /// <summary>The step's parameter list as the stub writes it, or null when the stub cannot repeat the declaration.</summary>
    private static string? Repeatable(StepDeclaration step)
    {
        if (!step.HasAccessibility || step.IsStatic || step.IsGeneric) return null;
        var text = new StringBuilder();
        var names = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        foreach (var parameter in step.Parameters)
        {
            // A parameter the user's own declaration gets wrong (a duplicate name) would be an error of the stub's too.
            if (!parameter.IsTensor || parameter.HasModifier || !names.Add(parameter.Name)) return null;
            if (text.Length > 0) text.Append(", ");
            text.Append("global::TorchSharp.torch.Tensor").Append(parameter.IsNullable ? "? " : " ").Append(Emit.CSharp.Identifier(parameter.Name));
        }
        return text.ToString();
    }
}
