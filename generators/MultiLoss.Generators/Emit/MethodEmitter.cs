using System.Text;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes what a weighting or aggregation method adds to a trainer, the same for every method, ours or a user's: the
/// method created by its attribute, initialized once with the trainer's context, called at fixed points of the step
/// (<c>Combine</c>, <c>EffectiveWeight</c>, <c>Observe</c>, <c>AfterOptimizerStep</c>; its backward pass is the
/// trainer's <see cref="BackwardPart"/>), its state saved under its own prefix, and <c>EndEpoch()</c>.
/// </summary>
internal static class MethodEmitter
{
    private const string WeightingType = "global::MultiLoss.Methods.LossWeightingMethod";
    private const string AggregationType = "global::MultiLoss.Methods.GradientAggregationMethod";
    private const string MethodState = "global::MultiLoss.Methods.MethodState";
    private const string Context = "global::MultiLoss.Methods.MethodContext";
    public const string WeightingPrefix = "Weighting.";
    public const string AggregationPrefix = "Aggregation.";

    public static void EmitFields(SourceWriter writer, TrainerSpec trainer)
    {
        var methods = trainer.Methods;
        if (methods.Weighting is { } weighting) writer.Line($"private readonly {WeightingType} {Names.Weighting} = {Created(trainer, weighting)};");
        if (methods.Aggregation is { } aggregation) writer.Line($"private readonly {AggregationType} {Names.Aggregation} = {Created(trainer, aggregation)};");
        if (methods.IsOpen) writer.Line($"private global::MultiLoss.Runtime.OpenMethod? {Names.OpenMethod};");
        if (!methods.HasMethod) return;
        writer.Line($"private readonly {Names.Tensor}?[] {Names.MethodLosses} = new {Names.Tensor}?[{CSharp.IntLiteral(trainer.Losses.Count)}];");
        writer.Line($"private {Context}? {Names.MethodContext};");
    }

    /// <summary>The attribute's <c>Create()</c>, through the runtime check that names the trainer and the attribute if it returns null.</summary>
    private static string Created(TrainerSpec trainer, MethodSpec method)
        => $"global::MultiLoss.Methods.TrainingMethod.Created({method.CreateExpression}, {CSharp.StringLiteral(trainer.FullName)}, {CSharp.StringLiteral("[" + method.Name + "]")})";

    public static void EmitDispose(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Methods.IsOpen) writer.Line($"{Names.OpenMethod}?.Dispose();");
        else foreach (var method in Methods(trainer)) writer.Line($"{method}.Dispose();");
        if (trainer.Methods.HasMethod) writer.Line($"{Names.MethodContext}?.Dispose();");
    }

    /// <summary><c>EndEpoch()</c>, and the method that gives the methods the trainer's context once.</summary>
    public static void EmitMembers(SourceWriter writer, TrainerSpec trainer)
    {
        if (!trainer.Methods.HasMethod) return;
        writer.Line();
        writer.Line("/// <summary>Ends an epoch: methods that work per epoch (the dynamic weight average) set the next epoch's weights.</summary>");
        writer.OpenBlock("public void EndEpoch()");
        writer.Line(DisposeEmitter.ThrowIfDisposed);
        writer.Line($"{Names.InitializeMethods}();");
        foreach (var method in Methods(trainer)) writer.Line($"{method}.EndEpoch();");
        writer.CloseBlock();
        writer.Line();

        var shared = trainer.Methods.SharedLayer is null ? "null" : Names.Member(trainer, trainer.Methods.SharedLayer, "[SharedLayer]");
        var representation = trainer.Methods.Representation is { } output ? ", " + CSharp.StringLiteral(output) : string.Empty;
        writer.Line("/// <summary>Gives the methods the trainer's model, optimizer and losses, once, before they are first used.</summary>");
        writer.OpenBlock($"private void {Names.InitializeMethods}()");
        writer.Line(trainer.Methods.IsOpen ? $"if ({Names.OpenMethod} is not null) return;" : $"if ({First(trainer)}.IsInitialized) return;");
        // The trainer owns the context and the step's gradient engine in it; a failed initialization leaves none behind.
        writer.Line($"{Names.MethodContext}?.Dispose();");
        writer.Line($"{Names.MethodContext} = new {Context}({CSharp.StringLiteral(trainer.FullName)}, " +
            $"{Names.Member(trainer, trainer.ModelMember, "[Model]")}, {Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]")}, " +
            $"{Names.StepResult}.Layout.LossNames, new double[] {{ {DeclaredWeights(trainer)} }}, {shared}{representation});");
        if (trainer.Methods.OpenMember is { } member)
        {
            // The method chosen at construction (a trainer that takes one names none): checked against the trainer, created and initialized.
            writer.Line($"{Names.OpenMethod} = global::MultiLoss.Runtime.OpenMethod.Bind({Names.Member(trainer, member, "[Method]")}, {Names.MethodContext}, {CSharp.StringLiteral(member)});");
        }
        else
        {
            foreach (var method in Methods(trainer)) writer.Line($"{method}.Initialize({Names.MethodContext});");
        }
        writer.CloseBlock();
        if (trainer.Methods.NeedsLossesAfterStep) EmitLossesAfterStep(writer, trainer);
    }

    /// <summary>At the start of a step, an evaluation, or a save or restore of the state.</summary>
    public static void EmitInitialize(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Methods.HasMethod) writer.Line($"{Names.InitializeMethods}();");
    }

    /// <summary>With the optimizer's gradients, the methods' learnable weights' gradients are set to none.</summary>
    public static string SetGradientsToNone(TrainerSpec trainer)
    {
        var text = new StringBuilder();
        foreach (var method in Methods(trainer)) text.Append(' ').Append(method).Append(".SetGradientsToNone();");
        return text.ToString();
    }

    /// <summary>Right after the optimizer's step; then, for a method that asks for them, the losses computed again.</summary>
    public static void EmitAfterOptimizerStep(SourceWriter writer, TrainerSpec trainer)
    {
        foreach (var method in Methods(trainer)) writer.Line($"{method}.AfterOptimizerStep();");
        if (trainer.Methods.IsOpen)
        {
            writer.Line($"if ({OpenMethodEmitter.Field}.NeedsLossesAfterStep) {Names.LossesAfterStep}({StepEmitter.Arguments(trainer.Step.Parameters)});");
        }
        else if (trainer.Methods.NeedsLossesAfterStep)
        {
            writer.Line($"{Names.LossesAfterStep}({StepEmitter.Arguments(trainer.Step.Parameters)});");
        }
    }

    /// <summary>
    /// The private method that computes the step's active losses again after the optimizer step, on the same batch and
    /// without gradients, and hands them to the methods that asked for them.
    /// </summary>
    private static void EmitLossesAfterStep(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line();
        writer.Line("/// <summary>The losses active in this step, computed again after the optimizer step without gradients, for the method that learns from them.</summary>");
        writer.OpenBlock($"private void {Names.LossesAfterStep}({StepEmitter.Parameters(trainer)})");
        writer.Line("using var __noGrad = global::TorchSharp.torch.no_grad();");
        ForwardEmitter.Emit(writer, trainer, afterStep: true);
        foreach (var loss in trainer.Losses)
        {
            var slot = $"{Names.MethodLosses}[{CSharp.IntLiteral(loss.Index)}]";
            writer.OpenBlock($"if ({slot} is not null)");
            writer.Line($"{Names.Tensor}{(loss.ReturnsNullable ? "?" : string.Empty)} {Names.LossLocal(loss)};");
            GuardedCallEmitter.EmitLoss(writer, trainer, loss, $"{Names.LossLocal(loss)} = {Names.CheckedLoss}(this.{CSharp.Identifier(loss.MethodName)}({StepEmitter.Arguments(loss.Arguments)}));", afterStep: true);
            writer.Line($"{slot} = {Names.LossLocal(loss)};");
            writer.CloseBlock();
        }
        if (trainer.Methods.Weighting is { RequiresLossesAfterStep: true }) writer.Line($"{Names.Weighting}.AfterStep({Names.MethodLosses});");
        if (trainer.Methods.Aggregation is { RequiresLossesAfterStep: true }) writer.Line($"{Names.Aggregation}.AfterStep({Names.MethodLosses});");
        if (trainer.Methods.IsOpen) writer.Line($"{OpenMethodEmitter.Field}.AfterStep({Names.MethodLosses});");
        writer.CloseBlock();
    }

    /// <summary>Fills the method's loss array: each loss taking part this step (weighted for an aggregation), null for the others.</summary>
    internal static void EmitMethodLosses(SourceWriter writer, PhasePlan plan, System.Collections.Generic.IReadOnlyList<int> losses, bool weighted)
    {
        var active = new bool[plan.Trainer.Losses.Count];
        foreach (var index in losses) active[index] = true;
        for (var index = 0; index < active.Length; index++)
        {
            var target = $"{Names.MethodLosses}[{CSharp.IntLiteral(index)}]";
            if (!active[index])
            {
                writer.Line($"{target} = null;");
                continue;
            }
            var loss = plan.Loss(index);
            var local = Names.LossLocal(loss);
            var condition = plan.ActiveCondition(index);
            // A host-gated loss is null exactly when it is not active: it is handed on as it is.
            var nullWhenInactive = condition == $"{local} is not null";
            var call = nullWhenInactive ? "?." : ".";
            var term = local;
            if (weighted && !loss.IsUnitWeight) term = $"{term}{call}mul({Names.Weight(loss)})";
            if (weighted && OptimizerStepPart.For(plan.Trainer).LossScale is { } scale) term = $"{term}{call}mul({scale})";
            writer.Line(condition is null || nullWhenInactive ? $"{target} = {term};" : $"{target} = {condition} ? {term} : null;");
        }
    }

    /// <summary>Inside the recording block, for each loss: the effective weight a weighting method gave it.</summary>
    public static void EmitRecordWeight(SourceWriter writer, PhasePlan plan, LossSpec loss)
    {
        if (plan.Trainer.Methods.Weighting is null) return;
        var set = $"{Names.Record}.Set({ValueSlots.WeightSlot(plan.Trainer, loss)}, {Names.Weighting}.EffectiveWeight({CSharp.IntLiteral(loss.Index)}));";
        writer.Line(plan.ActiveCondition(loss.Index) is null ? set : $"if ({Names.MethodLosses}[{CSharp.IntLiteral(loss.Index)}] is not null) {set}");
    }

    /// <summary>After the recording in a training step (not an evaluation): the weighting method's per-step statistics.</summary>
    public static void EmitObserve(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Methods.Weighting is not null) writer.Line($"if ({Names.Training}) {Names.Weighting}.Observe({Names.MethodLosses});");
    }

    /// <summary>At the end of a step or an evaluation: the loss array lets go of this step's tensors.</summary>
    public static void EmitRelease(SourceWriter writer, TrainerSpec trainer)
    {
        if (Release(trainer) is { } release) writer.Line(release);
    }

    /// <summary>The statement of <see cref="EmitRelease"/>, or null for a trainer without a method.</summary>
    public static string? Release(TrainerSpec trainer)
        => trainer.Methods.HasMethod ? $"global::System.Array.Clear({Names.MethodLosses});" : null;

    /// <summary>In <c>SaveState()</c>: each method writes its state under its prefix.</summary>
    public static void EmitSave(SourceWriter writer, TrainerSpec trainer, string values, string blobs)
    {
        if (trainer.Methods.Weighting is not null) writer.Line($"{Names.Weighting}.SaveState(new {MethodState}({CSharp.StringLiteral(WeightingPrefix)}, {values}, {blobs}));");
        if (trainer.Methods.Aggregation is not null) writer.Line($"{Names.Aggregation}.SaveState(new {MethodState}({CSharp.StringLiteral(AggregationPrefix)}, {values}, {blobs}));");
        if (trainer.Methods.IsOpen) writer.Line($"{OpenMethodEmitter.Field}.SaveState({values}, {blobs});");
    }

    /// <summary>In <c>RestoreState(state)</c>.</summary>
    public static void EmitRestore(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Methods.Weighting is not null) writer.Line($"{Names.Weighting}.RestoreState(new {MethodState}({CSharp.StringLiteral(WeightingPrefix)}, state));");
        if (trainer.Methods.Aggregation is not null) writer.Line($"{Names.Aggregation}.RestoreState(new {MethodState}({CSharp.StringLiteral(AggregationPrefix)}, state));");
        if (trainer.Methods.IsOpen) writer.Line($"{OpenMethodEmitter.Field}.RestoreState(state);");
    }

    private static string First(TrainerSpec trainer) => trainer.Methods.Weighting is not null ? Names.Weighting : Names.Aggregation;

    private static System.Collections.Generic.IEnumerable<string> Methods(TrainerSpec trainer)
    {
        if (trainer.Methods.Weighting is not null) yield return Names.Weighting;
        if (trainer.Methods.Aggregation is not null) yield return Names.Aggregation;
        if (trainer.Methods.IsOpen) yield return OpenMethodEmitter.Field;
    }

    private static string DeclaredWeights(TrainerSpec trainer)
    {
        var text = new StringBuilder();
        foreach (var loss in trainer.Losses)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(CSharp.DoubleLiteral(loss.Weight));
        }
        return text.ToString();
    }
}
