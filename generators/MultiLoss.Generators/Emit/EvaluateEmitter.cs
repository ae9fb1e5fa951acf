using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>Evaluate</c>: the step's body on a batch (<see cref="StepEmitter"/>), without training and without changing
/// the trainer. The model is in eval mode for the call (restored after) and gradients are off; the losses and total are
/// those the next step would compute from this batch — the current phase, weights (a ramp's at the next step), adaptive
/// weights and latched gates, each gate decided from this batch — but nothing is stored: no gate, latch, phase, step
/// count or adaptive statistic changes. The values go to a buffer of their own, read lazily like a step's.
/// </summary>
internal static class EvaluateEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line("/// <summary>The next step's losses and total on this batch, in eval mode without gradients, changing nothing.</summary>");
        writer.OpenBlock($"public {Names.StepResult} Evaluate({StepEmitter.Parameters(trainer)})");
        StepEmitter.EmitArgumentChecks(writer, trainer);
        writer.Line($"using var __evaluation = global::MultiLoss.Runtime.TrainingMode.Evaluation({Names.Member(trainer, trainer.ModelMember, "[Model]")});");
        writer.Line(StepEmitter.BodyCall(trainer, training: false));
        writer.CloseBlock();
    }

    /// <summary>
    /// In the shared body, once the phase's values are recorded: an evaluation ends here. A host gate reports this
    /// batch's decision (closed for a loss outside the phase); an evaluation skips nothing, steps no optimizer and
    /// aggregates nothing, so it never falls back.
    /// </summary>
    public static void EmitEnd(SourceWriter writer, PhasePlan plan)
    {
        var lines = StepResultEmitter.ReturnLines(plan.Trainer, evaluation: true, value => value.Kind switch
        {
            ReportedKind.HostGate => plan.IsMember(value.Loss!.Index) ? Names.GateDecisionLocal(value.Loss) : "false",
            ReportedKind.Skipped or ReportedKind.OptimizerStepped or ReportedKind.FellBack => "false",
            _ => value.StepArgument!,
        });
        if (MethodEmitter.Release(plan.Trainer) is { } release) lines.Insert(0, release);
        if (lines.Count == 1)
        {
            writer.Line($"if (!{Names.Training}) {lines[0]}");
            return;
        }
        writer.OpenBlock($"if (!{Names.Training})");
        foreach (var line in lines) writer.Line(line);
        writer.CloseBlock();
    }
}
