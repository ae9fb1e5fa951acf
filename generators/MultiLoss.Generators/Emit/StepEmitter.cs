using System.Text;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the step method: zero_grad, forward once, then the phase's block (its losses, the backward its
/// strategy calls for, recording the reported values), the optimizer step. All per-step tensors live in one
/// dispose scope. With declared phases the blocks sit in a <c>switch</c> on the current phase.
/// </summary>
internal static class StepEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var step = trainer.Step;
        if (!step.IsUserDeclared)
        {
            writer.Line("/// <summary>");
            writer.Line("/// One training step: zero_grad, forward, the losses, backward, optimizer step.");
            writer.Line("/// Read the returned values before the next step.");
            writer.Line("/// </summary>");
        }
        var partial = step.IsUserDeclared ? " partial" : string.Empty;
        writer.OpenBlock($"{step.Modifiers}{partial} {Names.StepResult} {CSharp.Identifier(step.MethodName)}({Parameters(step)})");
        writer.Line($"using var {Names.Scope} = global::TorchSharp.torch.NewDisposeScope();");
        writer.Line($"this.{CSharp.Identifier(trainer.OptimizerMember)}.zero_grad();");
        foreach (var loss in trainer.Losses)
        {
            if (loss.UpdatesMember is null) continue;
            writer.Line($"{Names.UpdatesField(loss)} ??= global::MultiLoss.Runtime.ModuleParameters.Of(this.{CSharp.Identifier(loss.UpdatesMember)});");
        }
        ForwardEmitter.Emit(writer, trainer);
        writer.Line();

        if (trainer.HasDeclaredPhases)
        {
            PhaseSwitchEmitter.Emit(writer, trainer);
        }
        else
        {
            PhaseBlockEmitter.Emit(writer, new PhasePlan(trainer, trainer.Phases[0]));
            writer.Line($"this.{CSharp.Identifier(trainer.OptimizerMember)}.step();");
        }
        writer.Line($"return new {Names.StepResult}({ResultArguments(trainer)});");
        writer.CloseBlock();
    }

    internal static string Arguments(EquatableArray<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(CSharp.Identifier(name));
        }
        return text.ToString();
    }

    private static string Parameters(StepSpec step)
    {
        var text = new StringBuilder();
        foreach (var parameter in step.Parameters)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(Names.Tensor).Append(' ').Append(CSharp.Identifier(parameter));
        }
        return text.ToString();
    }

    private static string ResultArguments(TrainerSpec trainer)
    {
        var text = new StringBuilder($"{Names.Values}, {Names.Values}.Step");
        if (trainer.HasDeclaredPhases) text.Append(", ").Append(Names.PhaseRan);
        foreach (var loss in trainer.Losses)
        {
            if (loss.Gate is not null) text.Append(", ").Append(Names.GateField(loss));
        }
        return text.ToString();
    }
}
