using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes the one forward pass: <c>model.forward(input)</c> or the user's <c>[Forward]</c>, deconstructed into its named outputs.</summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var forward = trainer.Forward;
        var call = forward.MethodName is null
            ? $"this.{CSharp.Identifier(trainer.ModelMember)}.forward({StepEmitter.Arguments(forward.Arguments)})"
            : $"this.{CSharp.Identifier(forward.MethodName)}({StepEmitter.Arguments(forward.Arguments)})";

        if (forward.IsTuple)
        {
            writer.Line($"var ({StepEmitter.Arguments(forward.Outputs)}) = {call};");
        }
        else
        {
            writer.Line($"var {CSharp.Identifier(forward.Outputs[0])} = {call};");
        }
    }
}
