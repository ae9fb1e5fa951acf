using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes what one phase does in a step: its losses and gates, the metrics, the total, the recording, then — unless a non-finite
/// total skips them — the backward passes of its strategy and the optimizer step.
/// </summary>
internal static class PhaseBlockEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        if (plan.Trainer.Methods.IsOpen)
        {
            OpenMethodEmitter.EmitPhase(writer, plan);
            return;
        }
        LossesEmitter.Emit(writer, plan);
        MetricsEmitter.Emit(writer, plan.Trainer);
        StepCommitEmitter.Emit(writer, plan);
        LossesEmitter.EmitDeviceFactors(writer, plan);
        writer.Line();

        var passes = BackwardStrategies.Passes(plan);
        var backward = BackwardPart.For(plan.Trainer);
        // A total that no backward uses is summed with gradients off when the values are recorded.
        var singlePass = backward.BuildsTotal(plan, passes);
        if (singlePass)
        {
            TotalPart.For(plan.Trainer).Emit(writer, plan, passes[0].Losses, Names.Total);
            writer.Line();
        }
        RecordEmitter.Emit(writer, plan, computeTotal: !singlePass);
        EvaluateEmitter.EmitEnd(writer, plan);
        writer.Line();

        var guarded = plan.Trainer.Controls.SkipNonFinite;
        if (guarded)
        {
            writer.Line($"{Names.Skipped} = !double.IsFinite({Names.Values}.Read({ValueSlots.TotalSlot(plan.Trainer)}, {Names.Values}.Step));");
            writer.OpenBlock($"if ({Names.Skipped})");
            writer.Line($"{Names.SkippedSteps}++;");
            writer.CloseBlock();
            writer.OpenBlock("else");
        }
        backward.Emit(writer, plan, passes);
        // An aggregation whose solver fails under [SkipNonFinite] marks the step skipped: no optimizer step then.
        var solverMaySkip = guarded && plan.Trainer.Methods.Aggregation is not null;
        if (solverMaySkip) writer.OpenBlock($"if (!{Names.Skipped})");
        OptimizerStepPart.For(plan.Trainer).EmitStep(writer);
        if (solverMaySkip) writer.CloseBlock();
        if (guarded) writer.CloseBlock();
    }
}
