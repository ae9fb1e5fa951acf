using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes a call of the user's code — the forward pass, a loss or a metric — so that what it throws is rethrown as an exception
/// naming the call, the trainer and the step, with the original as its inner exception:
/// <c>Tensor x; try { x = call; } catch (Exception __error) { throw new LossComputationException(...); }</c>.
/// The try costs nothing unless the call throws. The locals are declared before it, so the rest of the step sees them.
/// </summary>
internal static class GuardedCallEmitter
{
    /// <summary>Writes the try/catch around <paramref name="assignment"/>, the statement that calls loss <paramref name="loss"/>.</summary>
    /// <param name="afterStep">The call is made after the step was taken (its number is the current one, not the next).</param>
    public static void EmitLoss(SourceWriter writer, TrainerSpec trainer, LossSpec loss, string assignment, bool afterStep = false)
        => Emit(writer, assignment, Names.LossException, trainer, loss.MethodName, afterStep);

    /// <summary>Writes the try/catch around <paramref name="assignment"/>, the statement that calls metric <paramref name="metric"/>.</summary>
    public static void EmitMetric(SourceWriter writer, TrainerSpec trainer, MetricSpec metric, string assignment)
        => Emit(writer, assignment, Names.MetricException, trainer, metric.MethodName, afterStep: false);

    /// <summary>Writes the try/catch around <paramref name="assignment"/>, the statement that calls the forward.</summary>
    /// <param name="forward">What the forward calls: the <c>[Forward]</c> method's name, or <c>model.forward</c>.</param>
    public static void EmitForward(SourceWriter writer, TrainerSpec trainer, string forward, string assignment, bool afterStep = false)
        => Emit(writer, assignment, Names.ForwardException, trainer, forward, afterStep);

    private static void Emit(SourceWriter writer, string assignment, string exception, TrainerSpec trainer, string what, bool afterStep)
    {
        var step = afterStep ? $"{Names.Values}.Step" : $"{Names.Values}.Step + 1";
        writer.Line($"try {{ {assignment} }}");
        writer.Line($"catch (global::System.Exception {Names.Error}) {{ throw new {exception}({CSharp.StringLiteral(trainer.FullName)}, {CSharp.StringLiteral(what)}, {step}, {Names.Error}); }}");
    }
}
