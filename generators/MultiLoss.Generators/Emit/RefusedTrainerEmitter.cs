using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the stub of a refused trainer: an empty <c>StepResult</c>, and each declared step
/// implemented by a throw that says the trainer was not generated, so that the build's errors are the ML ones.
/// </summary>
internal static class RefusedTrainerEmitter
{
    public static string Emit(RefusedTrainerSpec trainer)
    {
        var writer = new SourceWriter();
        TrainerEmitter.OpenFile(writer, trainer.Namespace, trainer.ContainingTypes);
        writer.OpenBlock($"partial {trainer.Keyword} {CSharp.Identifier(trainer.Name)}");
        writer.Line("/// <summary>Not generated: MultiLoss refused this trainer (the build reports why, as ML errors).</summary>");
        writer.OpenBlock($"public readonly struct {Names.StepResult}");
        writer.CloseBlock();
        var message = CSharp.StringLiteral($"MultiLoss did not generate the step of '{trainer.FullName}': the build reported why (ML errors); fix them and the step is generated.");
        foreach (var step in trainer.Steps)
        {
            writer.Line();
            writer.Line($"{step.Modifiers} partial {Names.StepResult} {CSharp.Identifier(step.MethodName)}({step.Parameters})");
            writer.Line($"    => throw new global::System.InvalidOperationException({message});");
        }
        writer.CloseBlock();
        TrainerEmitter.CloseFile(writer, trainer.Namespace, trainer.ContainingTypes);
        return writer.ToString();
    }
}
