using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes the one forward pass: <c>model.forward(input)</c> or the user's <c>[Forward]</c>, deconstructed into its named outputs.</summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var forward = trainer.Forward;
        var call = forward.MethodName is null
            ? $"{Names.Member(trainer, trainer.ModelMember, "[Model]")}.forward({StepEmitter.Arguments(forward.Arguments)})"
            : $"this.{CSharp.Identifier(forward.MethodName)}({StepEmitter.Arguments(forward.Arguments)})";

        if (forward.IsTuple)
        {
            writer.Line($"var ({StepEmitter.Arguments(forward.Outputs)}) = {call};");
            foreach (var output in forward.Outputs)
            {
                if (!trainer.Nullable.IsForwardOutput(output)) continue;
                writer.Line($"if ({CSharp.Identifier(output)} is null) throw new global::System.InvalidOperationException({CSharp.StringLiteral($"The forward output '{output}' is null.")});");
            }
        }
        else if (trainer.Nullable.IsForwardOutput(forward.Outputs[0]))
        {
            writer.Line($"var {CSharp.Identifier(forward.Outputs[0])} = {call} ?? throw new global::System.InvalidOperationException(\"The forward returned null.\");");
        }
        else
        {
            writer.Line($"var {CSharp.Identifier(forward.Outputs[0])} = {call};");
        }
    }
}
