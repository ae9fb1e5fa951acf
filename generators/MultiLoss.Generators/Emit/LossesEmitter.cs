using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the loss calls of one phase, in order: a watched loss first, then its gate's decision, then the gated
/// loss, which is called only while its gate is open. Each call is guarded (what it throws names the loss). The
/// decisions are kept in locals until every loss is computed; only then does <see cref="StepCommitEmitter"/> write the
/// gates' state, so a step whose loss throws leaves the trainer as it was.
/// </summary>
internal static class LossesEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            var local = Names.LossLocal(loss);
            var call = $"{Names.CheckedLoss}(this.{CSharp.Identifier(loss.MethodName)}({StepEmitter.Arguments(loss.Arguments)}))";
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
    private static void EmitHostGateDecision(SourceWriter writer, PhasePlan plan, LossSpec loss)
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

    /// <summary>What a gate does, e.g. <c>Confidence replaces Classification once Classification &lt; 1.39 (latched)</c>.</summary>
    public static string GateComment(PhasePlan plan, LossSpec loss)
    {
        var gate = loss.Gate!;
        var watched = plan.Loss(gate.WatchedIndex).MethodName;
        var mode = gate.Mode == GateModeValue.Switch ? "replaces" : "joins";
        return $"{loss.MethodName} {mode} {watched} once {watched} < {CSharp.DoubleLiteral(gate.Threshold)}{(gate.Latch ? " (latched)" : string.Empty)}";
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
