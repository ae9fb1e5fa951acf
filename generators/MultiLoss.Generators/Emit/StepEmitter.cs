using System.Text;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the step method: zero_grad, forward once, the losses, the backward the strategy calls for,
/// recording the reported values, the optimizer step. All per-step tensors live in one dispose scope.
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
        writer.OpenBlock($"{step.Accessibility}{partial} {Names.StepResult} {CSharp.Identifier(step.MethodName)}({Parameters(step)})");
        writer.Line($"using var {Names.Scope} = global::TorchSharp.torch.NewDisposeScope();");
        writer.Line($"this.{CSharp.Identifier(trainer.OptimizerMember)}.zero_grad();");
        ForwardEmitter.Emit(writer, trainer);
        writer.Line();

        foreach (var loss in trainer.Losses)
        {
            writer.Line($"var {Names.LossLocal(loss)} = this.{CSharp.Identifier(loss.MethodName)}({Arguments(loss.Arguments)});");
        }
        writer.Line();

        switch (trainer.Backward)
        {
            case BackwardStrategy.Combined:
                CombinedBackwardEmitter.Emit(writer, trainer.Losses);
                break;
        }
        writer.Line();

        RecordEmitter.Emit(writer, trainer);
        writer.Line($"this.{CSharp.Identifier(trainer.OptimizerMember)}.step();");
        writer.Line($"return new {Names.StepResult}({Names.Values}, {Names.Values}.Step);");
        writer.CloseBlock();
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

    internal static string Arguments(Model.EquatableArray<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(CSharp.Identifier(name));
        }
        return text.ToString();
    }
}
