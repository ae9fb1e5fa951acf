using System.Text;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the step method: gradients on and the model in training mode, then the step's body, which
/// <c>Evaluate</c> shares (<see cref="EvaluateEmitter"/>): gradients set to none, forward once, then the phase's block
/// (its losses, recording the reported values, the backward its strategy calls for), the optimizer step. All
/// per-step tensors live in one dispose scope, which also frees them when the step throws. With declared phases the
/// blocks sit in a <c>switch</c> on the current phase. A disposed trainer and a null argument (unless every use
/// accepts null) throw first.
/// </summary>
internal static class StepEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        var step = trainer.Step;
        if (!step.IsUserDeclared)
        {
            writer.Line("/// <summary>One training step: gradients set to none, forward, the losses, backward, optimizer step.</summary>");
        }
        var partial = step.IsUserDeclared ? " partial" : string.Empty;
        writer.OpenBlock($"{step.Modifiers}{partial} {Names.StepResult} {CSharp.Identifier(step.MethodName)}({Parameters(trainer)})");
        EmitArgumentChecks(writer, trainer);
        writer.Line($"{Names.Guard}.Enter({Names.Member(trainer, trainer.ModelMember, "[Model]")}, {Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]")});");
        writer.Line(BodyCall(trainer, training: true));
        writer.CloseBlock();
        writer.Line();
        EvaluateEmitter.Emit(writer, trainer);
        writer.Line();
        EmitBody(writer, trainer);
    }

    /// <summary>
    /// The body a step and an evaluation share. With <c>__training</c> false (an evaluation, under <c>no_grad</c>) it
    /// computes the losses and the total as the step would and returns after recording them: no backward, no optimizer
    /// step, and nothing of the trainer's state changed.
    /// </summary>
    private static void EmitBody(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line("/// <summary>The step, or with <paramref name=\"" + Names.Training + "\"/> false the evaluation, of this batch.</summary>");
        var separator = trainer.Step.Parameters.Count > 0 ? ", " : string.Empty;
        writer.OpenBlock($"private {Names.StepResult} {Names.StepBody}({Parameters(trainer, checkedAsNotNull: true)}{separator}bool {Names.Training})");
        writer.Line($"using var {Names.Scope} = global::TorchSharp.torch.NewDisposeScope();");
        MethodEmitter.EmitInitialize(writer, trainer);
        var optimizerStep = OptimizerStepPart.For(trainer);
        optimizerStep.EmitStart(writer);
        EmitLazyParameters(writer, trainer, optimizerStep);
        ForwardEmitter.Emit(writer, trainer);
        EmitStepWeights(writer, trainer);
        if (trainer.Controls.SkipNonFinite) writer.Line($"bool {Names.Skipped};");
        if (trainer.Methods.CanFallBack) writer.Line($"var {Names.FellBack} = false;");
        writer.Line();

        if (trainer.HasDeclaredPhases)
        {
            PhaseSwitchEmitter.Emit(writer, trainer);
        }
        else
        {
            PhaseBlockEmitter.Emit(writer, new PhasePlan(trainer, trainer.Phases[0]));
        }
        MethodEmitter.EmitRelease(writer, trainer);
        StepResultEmitter.EmitReturn(writer, trainer, evaluation: false, value => value.StepArgument!);
        writer.CloseBlock();
    }

    /// <summary>The call of the shared body, as a step or as an evaluation.</summary>
    internal static string BodyCall(TrainerSpec trainer, bool training)
    {
        var arguments = Arguments(trainer.Step.Parameters);
        var separator = arguments.Length > 0 ? ", " : string.Empty;
        return $"return {Names.StepBody}({arguments}{separator}{Names.Training}: {(training ? "true" : "false")});";
    }

    /// <summary>A disposed trainer and a null argument (unless every use of it accepts null) throw before anything runs.</summary>
    internal static void EmitArgumentChecks(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line(DisposeEmitter.ThrowIfDisposed);
        foreach (var parameter in trainer.Step.Parameters)
        {
            if (trainer.Nullable.ChecksStepParameter(parameter)) writer.Line($"global::System.ArgumentNullException.ThrowIfNull({CSharp.Identifier(parameter)});");
        }
    }

    /// <summary>Parameter lists collected on the first step: a restricted loss's inputs, the clipped parameters.</summary>
    private static void EmitLazyParameters(SourceWriter writer, TrainerSpec trainer, OptimizerStepPart optimizerStep)
    {
        const string collect = "global::MultiLoss.Runtime.ModuleParameters.Of";
        foreach (var loss in trainer.Losses)
        {
            if (loss.UpdatesMember is null) continue;
            writer.Line($"{Names.UpdatesField(loss)} ??= {collect}({Names.Member(trainer, loss.UpdatesMember, "Updates")});");
        }
        optimizerStep.EmitLazyParameters(writer, collect);
    }

    /// <summary>This step's value of each ramped weight (the step index counts from 0).</summary>
    internal static void EmitStepWeights(SourceWriter writer, TrainerSpec trainer)
    {
        var ramped = false;
        foreach (var loss in trainer.Losses) ramped |= loss.IsRamped;
        if (!ramped) return;
        writer.Line($"var {Names.StepIndex} = {Names.Values}.Step;");
        foreach (var loss in trainer.Losses)
        {
            if (loss.IsRamped) writer.Line($"var {Names.Weight(loss)} = {Names.WeightField(loss)}.ScalarAt({Names.StepIndex});");
        }
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

    /// <summary>
    /// The step's parameters as declared (a partial implementation repeats a <c>Tensor?</c>); with
    /// <paramref name="checkedAsNotNull"/>, a nullable one that the step checks for null is not nullable (the shared body's).
    /// </summary>
    internal static string Parameters(TrainerSpec trainer, bool checkedAsNotNull = false)
    {
        var text = new StringBuilder();
        foreach (var parameter in trainer.Step.Parameters)
        {
            if (text.Length > 0) text.Append(", ");
            var nullable = trainer.Nullable.IsStepParameter(parameter) && !(checkedAsNotNull && trainer.Nullable.ChecksStepParameter(parameter));
            text.Append(Names.Tensor).Append(nullable ? "? " : " ").Append(CSharp.Identifier(parameter));
        }
        return text.ToString();
    }
}
