using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the loss calls of one phase, in order: a watched loss first, then its gate's decision, then the gated
/// loss, which is called only while its gate is open. Each call is guarded (what it throws names the loss). The
/// decisions are kept in locals until every loss is computed; only then does <see cref="EmitCommit"/> write the gates'
/// state, so a step whose loss throws leaves the trainer as it was.
/// </summary>
internal static class LossesEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            var local = Names.LossLocal(loss);
            var call = $"this.{CSharp.Identifier(loss.MethodName)}({StepEmitter.Arguments(loss.Arguments)})";
            if (loss.HasHostGate)
            {
                EmitHostGateDecision(writer, plan, loss);
                call = $"{Names.GateDecisionLocal(loss)} ? {call} : null";
            }
            var nullable = loss.HasHostGate || loss.ReturnsNullable;
            writer.Line($"{Names.Tensor}{(nullable ? "?" : string.Empty)} {local};");
            GuardedCallEmitter.EmitLoss(writer, plan.Trainer, loss, $"{local} = {call};");
            if (loss.ReturnsNullable)
            {
                var isNull = loss.HasHostGate ? $"{Names.GateDecisionLocal(loss)} && {local} is null" : $"{local} is null";
                writer.Line($"if ({isNull}) throw new global::System.InvalidOperationException({CSharp.StringLiteral($"The loss '{loss.MethodName}' returned null.")});");
            }
        }
    }

    /// <summary>A host gate's decision for this step, into a local: open when the watched loss is below the threshold (or, latched, was before).</summary>
    private static void EmitHostGateDecision(SourceWriter writer, PhasePlan plan, Model.Specs.LossSpec loss)
    {
        var gate = loss.Gate!;
        var watched = plan.Loss(gate.WatchedIndex);
        var test = $"{Names.HostGate}.IsBelow({Names.LossLocal(watched)}, {CSharp.DoubleLiteral(gate.Threshold)})";
        if (watched.Gate is not null) test = $"{Names.LossLocal(watched)} is not null && {test}";
        writer.Line("// " + GateComment(plan, loss));
        writer.Line(gate.Latch
            ? $"var {Names.GateDecisionLocal(loss)} = {Names.GateField(loss)} || ({test});"
            : $"var {Names.GateDecisionLocal(loss)} = {test};");
    }

    /// <summary>
    /// Once every loss of the phase is computed, the step changes the trainer's state: the gates of losses outside the
    /// phase close, host gates take this step's decisions, the accumulation cycle advances, device gates decide (a
    /// latched one updates its state on the device).
    /// </summary>
    public static void EmitCommit(SourceWriter writer, PhasePlan plan)
    {
        var lines = new System.Collections.Generic.List<string>();
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
        var cycle = OptimizerStepEmitter.CycleAdvance(plan.Trainer);
        if (cycle is not null) lines.Add(cycle);
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            if (!loss.HasDeviceGate) continue;
            lines.Add("// " + GateComment(plan, loss) + ", decided on the device");
            lines.Add(DeviceGateDecision(plan, loss));
        }
        if (lines.Count == 0) return;

        writer.Line();
        writer.Line("// Every loss is computed: from here on the step changes the trainer's state.");
        foreach (var line in lines) writer.Line(line);
    }

    /// <summary>What a gate does, e.g. <c>Confidence replaces Classification once Classification &lt; 1.39 (latched)</c>.</summary>
    private static string GateComment(PhasePlan plan, Model.Specs.LossSpec loss)
    {
        var gate = loss.Gate!;
        var watched = plan.Loss(gate.WatchedIndex).MethodName;
        var mode = gate.Mode == GateModeValue.Switch ? "replaces" : "joins";
        return $"{loss.MethodName} {mode} {watched} once {watched} < {CSharp.DoubleLiteral(gate.Threshold)}{(gate.Latch ? " (latched)" : string.Empty)}";
    }

    /// <summary>
    /// A device gate: its gated loss is computed every step; the gate is a 0/1 tensor from the watched loss (and, in a
    /// chain, from the watched loss's own gate), decided without reading anything on the host.
    /// </summary>
    private static string DeviceGateDecision(PhasePlan plan, Model.Specs.LossSpec loss)
    {
        var watched = plan.Loss(loss.Gate!.WatchedIndex);
        var arguments = watched.HasDeviceGate
            ? $"{Names.LossLocal(watched)}, {Names.DeviceGateLocal(watched)}"
            : Names.LossLocal(watched);
        return $"var {Names.DeviceGateLocal(loss)} = {Names.DeviceGateField(loss)}.Open({arguments});";
    }

    /// <summary>Each loss's product of device-gate factors, once all gates of the phase are decided.</summary>
    public static void EmitDeviceFactors(SourceWriter writer, PhasePlan plan)
    {
        foreach (var index in plan.SumOrder)
        {
            var factors = plan.DeviceFactors(index);
            if (factors.Count == 0) continue;
            var product = factors[0];
            for (var k = 1; k < factors.Count; k++) product += $".mul({factors[k]})";
            writer.Line($"var {Names.FactorLocal(plan.Loss(index))} = {product};");
        }
    }
}
