using System.Text;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>Evaluate</c>: the step's forward and losses on a batch, without training and without changing the trainer.
/// The model is in eval mode for the call (restored after) and gradients are off; the losses and total are those the
/// next step would compute from this batch — the current phase, weights (a ramp's at the next step), adaptive weights
/// and latched gates, each gate decided from this batch — but nothing is stored: no gate, latch, phase, step count or
/// adaptive statistic changes. The values go to a buffer of their own, read lazily like a step's.
/// </summary>
internal static class EvaluateEmitter
{
    private const string Model = "__model";
    private const string WasTraining = "__wasTraining";

    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line("/// <summary>");
        writer.Line("/// The losses and total of the next step on this batch, without training: the model in eval mode and no gradients,");
        writer.Line("/// no backward, no optimizer step, and nothing of the trainer changed (steps, phase, gates, adaptive statistics).");
        writer.Line("/// Read the returned values before the next evaluation.");
        writer.Line("/// </summary>");
        writer.OpenBlock($"public {Names.StepResult} Evaluate({StepEmitter.Parameters(trainer)})");
        StepEmitter.EmitArgumentChecks(writer, trainer);
        writer.Line($"using var {Names.Scope} = global::TorchSharp.torch.NewDisposeScope();");
        writer.Line("using var __noGrad = global::TorchSharp.torch.no_grad();");
        MethodEmitter.EmitInitialize(writer, trainer);
        writer.Line($"var {Model} = {Names.Member(trainer, trainer.ModelMember, "[Model]")};");
        writer.Line($"var {WasTraining} = {Model}.training;");
        writer.Line($"{Model}.eval();");
        writer.OpenBlock("try");
        ForwardEmitter.Emit(writer, trainer);
        StepEmitter.EmitStepWeights(writer, trainer);
        writer.Line();
        if (trainer.HasDeclaredPhases)
        {
            writer.Line($"var {Names.PhaseRan} = {Names.Phase};");
            writer.OpenBlock($"switch ({Names.Phase})");
            foreach (var phase in trainer.Phases)
            {
                writer.OpenBlock($"case {CSharp.IntLiteral(phase.Number)}:");
                EmitPhase(writer, new PhasePlan(trainer, phase));
                writer.CloseBlock();
            }
            writer.Line("default:");
            writer.Line($"    throw new global::System.InvalidOperationException(\"Phase \" + {Names.Phase} + \" is not declared.\");");
            writer.CloseBlock();
        }
        else
        {
            EmitPhase(writer, new PhasePlan(trainer, trainer.Phases[0]));
        }
        writer.CloseBlock();
        writer.OpenBlock("finally");
        writer.Line($"{Model}.train({WasTraining});");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    /// <summary>One phase: its losses and gates (decided, not stored), the total, the recording and the result.</summary>
    private static void EmitPhase(SourceWriter writer, PhasePlan plan)
    {
        LossesEmitter.Emit(writer, plan);
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            if (!loss.HasDeviceGate) continue;
            var watched = plan.Loss(loss.Gate!.WatchedIndex);
            var arguments = watched.HasDeviceGate ? $"{Names.LossLocal(watched)}, {Names.DeviceGateLocal(watched)}" : Names.LossLocal(watched);
            writer.Line($"var {Names.DeviceGateLocal(loss)} = {Names.DeviceGateField(loss)}.Peek({arguments});");
        }
        LossesEmitter.EmitDeviceFactors(writer, plan);
        writer.Line();

        writer.OpenBlock($"using (var {Names.Record} = {Names.EvaluationValues}.BeginStep())");
        TotalEmitter.Emit(writer, plan, plan.SumOrder, Names.Total);
        foreach (var index in plan.SumOrder)
        {
            var loss = plan.Loss(index);
            var set = $"{Names.Record}.Set({index}, {Names.LossLocal(loss)});";
            writer.Line(loss.HasHostGate ? $"if ({Names.LossLocal(loss)} is not null) {set}" : set);
            MethodEmitter.EmitRecordWeight(writer, plan, loss);
        }
        writer.Line($"{Names.Record}.Set({ValueSlots.TotalSlot(plan.Trainer)}, {Names.Total});");
        foreach (var index in plan.SumOrder)
        {
            var loss = plan.Loss(index);
            if (loss.HasDeviceGate) writer.Line($"{Names.Record}.Set({ValueSlots.GateSlot(plan.Trainer, loss)}, {Names.DeviceGateLocal(loss)});");
        }
        if (plan.Trainer.Weighting.IsOpen) OpenMethodEmitter.EmitRecordWeights(writer, plan.Trainer);
        writer.CloseBlock();
        MethodEmitter.EmitRelease(writer, plan.Trainer);
        // A host gate reports this batch's decision (closed for a loss outside the phase); an evaluation skips nothing,
        // steps no optimizer and aggregates nothing, so it never falls back.
        StepResultEmitter.EmitReturn(writer, plan.Trainer, evaluation: true, value => value.Kind switch
        {
            ReportedKind.HostGate => plan.IsMember(value.Loss!.Index) ? Names.GateDecisionLocal(value.Loss) : "false",
            ReportedKind.Skipped or ReportedKind.OptimizerStepped or ReportedKind.FellBack => "false",
            _ => value.StepArgument!,
        });
    }
}
