using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the step of a trainer that takes its method at construction: every loss, the metrics, the method's total, the recording,
/// then — unless a non-finite total skips them — the method's backward pass and the optimizer step. The runtime's
/// <c>OpenMethod</c> makes the calls a trainer naming a weighting or an aggregation method makes.
/// </summary>
internal static class OpenMethodEmitter
{
    public const string Field = Names.OpenMethod + "!";

    public static void EmitPhase(SourceWriter writer, PhasePlan plan)
    {
        var trainer = plan.Trainer;
        LossesEmitter.Emit(writer, plan);
        MetricsEmitter.Emit(writer, plan.Trainer);
        StepCommitEmitter.Emit(writer, plan);
        writer.Line();
        OpenMethodTotal.Instance.Emit(writer, plan, plan.SumOrder, Names.Total);
        writer.Line();
        writer.OpenBlock($"using (var {Names.Record} = {RecordEmitter.Buffer}.BeginStep())");
        foreach (var index in plan.SumOrder) writer.Line($"{Names.Record}.Set({index}, {Names.LossLocal(plan.Loss(index))});");
        writer.Line($"{Names.Record}.Set({ValueSlots.TotalSlot(trainer)}, {Names.Total});");
        writer.Line($"{Field}.RecordWeights({Names.Record}, {FirstWeightSlot(trainer)});");
        MetricsEmitter.EmitRecord(writer, trainer);
        writer.Line($"if ({Names.Training}) {Field}.Observe({Names.MethodLosses});");
        writer.CloseBlock();
        EvaluateEmitter.EmitEnd(writer, plan);
        writer.Line();

        var representation = trainer.Methods.Representation is { } output ? CSharp.Identifier(output) : "null";
        var backward = $"{Field}.Backward({Names.MethodLosses}, {Names.Total}, {representation});";
        if (trainer.Controls.SkipNonFinite)
        {
            writer.Line($"{Names.Skipped} = !double.IsFinite({Names.Values}.Read({ValueSlots.TotalSlot(trainer)}, {Names.Values}.Step));");
            writer.OpenBlock($"if ({Names.Skipped})");
            writer.Line($"{Names.SkippedSteps}++;");
            writer.CloseBlock();
            writer.OpenBlock("else");
            // Gradients an aggregation cannot aggregate (not finite) skip the step, as a total that is not finite does.
            writer.OpenBlock("try");
            writer.Line(backward);
            writer.Line($"{Names.FellBack} = {Field}.FellBack;");
            writer.CloseBlock();
            writer.OpenBlock("catch (global::MultiLoss.Methods.AggregationSolverException)");
            writer.Line($"{Names.Skipped} = true;");
            writer.Line($"{Names.SkippedSteps}++;");
            writer.CloseBlock();
            writer.Line($"{Field}.RecordWeightsAfterBackward({Names.Values}, {FirstWeightSlot(trainer)});");
            writer.OpenBlock($"if (!{Names.Skipped})");
            OptimizerStepPart.For(trainer).EmitStep(writer);
            writer.CloseBlock();
            writer.CloseBlock();
            return;
        }
        writer.Line(backward);
        writer.Line($"{Names.FellBack} = {Field}.FellBack;");
        writer.Line($"{Field}.RecordWeightsAfterBackward({Names.Values}, {FirstWeightSlot(trainer)});");
        OptimizerStepPart.For(trainer).EmitStep(writer);
    }

    private static int FirstWeightSlot(TrainerSpec trainer) => ValueSlots.WeightSlot(trainer, trainer.Losses[0]);
}
