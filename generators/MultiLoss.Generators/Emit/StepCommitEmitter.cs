using System.Collections.Generic;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the point of a phase's block after which the step changes the trainer's state. Before it the step only
/// computes (the forward, the losses, the host gates' decisions in locals), so a step whose forward or loss throws has
/// not happened: nothing is counted and no gate moves.
/// </summary>
internal static class StepCommitEmitter
{
    /// <summary>
    /// Once every loss of the phase is computed, the step changes the trainer's state: the gates of losses outside the
    /// phase close, host gates take this step's decisions, the accumulation cycle advances, device gates decide (a
    /// latched one updates its state on the device).
    /// </summary>
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        var lines = new List<string>();
        for (var i = 0; i < plan.Trainer.Losses.Count; i++)
        {
            var loss = plan.Loss(i);
            if (loss.Gate is { Latch: false, OnDevice: false } && !plan.IsMember(i)) lines.Add($"{Names.GateField(loss)} = false;");
        }
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            if (loss.HasHostGate) lines.Add($"{Names.GateField(loss)} = {Names.GateDecisionLocal(loss)};");
        }
        var cycle = OptimizerStepPart.For(plan.Trainer).CycleAdvance;
        if (cycle is not null) lines.Add(cycle);
        var deviceGates = new List<string>();
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            if (!loss.HasDeviceGate) continue;
            deviceGates.Add("// " + LossesEmitter.GateComment(plan, loss) + ", decided on the device");
            deviceGates.Add(DeviceGateDecision(plan, loss));
        }
        if (lines.Count + deviceGates.Count == 0) return;

        writer.Line();
        writer.Line("// Every loss is computed: from here on a step (not an evaluation) changes the trainer's state.");
        if (lines.Count == 1) writer.Line($"if ({Names.Training}) {lines[0]}");
        else if (lines.Count > 1)
        {
            writer.OpenBlock($"if ({Names.Training})");
            foreach (var line in lines) writer.Line(line);
            writer.CloseBlock();
        }
        foreach (var line in deviceGates) writer.Line(line);
    }

    /// <summary>
    /// A device gate: its gated loss is computed every step; the gate is a 0/1 tensor from the watched loss (and, in a
    /// chain, from the watched loss's own gate), decided without reading anything on the host. An evaluation peeks: a
    /// latched gate's state does not change.
    /// </summary>
    private static string DeviceGateDecision(PhasePlan plan, LossSpec loss)
    {
        var watched = plan.Loss(loss.Gate!.WatchedIndex);
        var arguments = watched.HasDeviceGate
            ? $"{Names.LossLocal(watched)}, {Names.DeviceGateLocal(watched)}"
            : Names.LossLocal(watched);
        return $"var {Names.DeviceGateLocal(loss)} = {Names.Training} ? {Names.DeviceGateField(loss)}.Open({arguments}) : {Names.DeviceGateField(loss)}.Peek({arguments});";
    }
}
