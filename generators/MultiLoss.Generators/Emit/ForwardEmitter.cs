using System.Text;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the one forward pass: <c>model.forward(input)</c> or the user's <c>[Forward]</c>, deconstructed into its named
/// outputs. What it throws is rethrown as a <c>ForwardPassException</c>; a null output that a loss cannot take throws
/// <c>InvalidOperationException</c> naming it.
/// </summary>
internal static class ForwardEmitter
{
    /// <param name="afterStep">The forward runs again after the step was taken (a method's losses after the step).</param>
    public static void Emit(SourceWriter writer, TrainerSpec trainer, bool afterStep = false)
    {
        var forward = trainer.Forward;
        string call;
        string name;
        if (forward.MethodName is null)
        {
            var model = trainer.ModelMember;
            // Checked before the guarded call: an unset member is not a failure of the forward pass.
            if (trainer.Nullable.IsMember(model)) writer.Line($"if (this.{CSharp.Identifier(model)} is null) {Names.NullMember(model, "[Model]")};");
            call = $"this.{CSharp.Identifier(model)}.forward({StepEmitter.Arguments(forward.Arguments)})";
            name = model + ".forward";
        }
        else
        {
            call = $"this.{CSharp.Identifier(forward.MethodName)}({StepEmitter.Arguments(forward.Arguments)})";
            name = forward.MethodName;
        }

        EmitDeclarations(writer, trainer, nullable: false);
        EmitDeclarations(writer, trainer, nullable: true);
        var assignment = forward.IsTuple
            ? $"({StepEmitter.Arguments(forward.Outputs)}) = {call};"
            : $"{CSharp.Identifier(forward.Outputs[0])} = {call};";
        GuardedCallEmitter.EmitForward(writer, trainer, name, assignment, afterStep);

        foreach (var output in forward.Outputs)
        {
            if (!trainer.Nullable.ChecksForwardOutput(output)) continue;
            var message = forward.IsTuple ? $"The forward output '{output}' is null." : "The forward returned null.";
            writer.Line($"if ({CSharp.Identifier(output)} is null) throw new global::System.InvalidOperationException({CSharp.StringLiteral(message)});");
        }
    }

    /// <summary>Declares the outputs (<c>Tensor logits, recon;</c>), those declared nullable as <c>Tensor?</c>.</summary>
    private static void EmitDeclarations(SourceWriter writer, TrainerSpec trainer, bool nullable)
    {
        var names = new StringBuilder();
        foreach (var output in trainer.Forward.Outputs)
        {
            if (trainer.Nullable.IsForwardOutput(output) != nullable) continue;
            if (names.Length > 0) names.Append(", ");
            names.Append(CSharp.Identifier(output));
        }
        if (names.Length > 0) writer.Line($"{Names.Tensor}{(nullable ? "?" : string.Empty)} {names};");
    }
}
