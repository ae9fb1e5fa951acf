using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes a call of the user's code — the forward pass or a loss — so that what it throws is rethrown as an exception
/// naming the call, the trainer and the step, with the original as its inner exception:
/// <c>Tensor x; try { x = call; } catch (Exception __error) { throw new LossComputationException(...); }</c>.
/// The try costs nothing unless the call throws. The locals are declared before it, so the rest of the step sees them.
/// </summary>
internal static class GuardedCallEmitter
{
    /// <summary>Writes the try/catch around <paramref name="assignment"/>, the statement that calls loss <paramref name="loss"/>.</summary>
    public static void EmitLoss(SourceWriter writer, TrainerSpec trainer, LossSpec loss, string assignment)
        => Emit(writer, assignment, Names.LossException, trainer, loss.MethodName);

    /// <summary>Writes the try/catch around <paramref name="assignment"/>, the statement that calls the forward.</summary>
    /// <param name="forward">What the forward calls: the <c>[Forward]</c> method's name, or <c>model.forward</c>.</param>
    public static void EmitForward(SourceWriter writer, TrainerSpec trainer, string forward, string assignment)
        => Emit(writer, assignment, Names.ForwardException, trainer, forward);

    private static void Emit(SourceWriter writer, string assignment, string exception, TrainerSpec trainer, string what)
    {
        writer.Line($"try {{ {assignment} }}");
        writer.Line($"catch (global::System.Exception {Names.Error}) {{ throw new {exception}({CSharp.StringLiteral(trainer.FullName)}, {CSharp.StringLiteral(what)}, {Names.Values}.Step + 1, {Names.Error}); }}");
    }
}
