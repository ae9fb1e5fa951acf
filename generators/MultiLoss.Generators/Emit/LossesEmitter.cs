using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the loss calls of one phase, in order: a watched loss first, then its gate's decision, then the gated
/// loss, which is called only while its gate is open.
/// </summary>
internal static class LossesEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        foreach (var index in plan.Phase.LossOrder)
        {
            var loss = plan.Loss(index);
            var call = $"this.{CSharp.Identifier(loss.MethodName)}({StepEmitter.Arguments(loss.Arguments)})";
            if (loss.ReturnsNullable) call = $"({call} ?? throw new global::System.InvalidOperationException({CSharp.StringLiteral($"The loss '{loss.MethodName}' returned null.")}))";
            if (loss.Gate is null)
            {
                writer.Line($"var {Names.LossLocal(loss)} = {call};");
                continue;
            }
            if (loss.Gate.OnDevice)
            {
                EmitDeviceGate(writer, plan, loss, call);
                continue;
            }

            var gateField = Names.GateField(loss);
            var watched = plan.Loss(loss.Gate.WatchedIndex);
            var test = $"{Names.HostGate}.IsBelow({Names.LossLocal(watched)}, {CSharp.DoubleLiteral(loss.Gate.Threshold)})";
            if (watched.Gate is not null) test = $"{Names.LossLocal(watched)} is not null && {test}";
            var mode = loss.Gate.Mode == GateModeValue.Switch ? "replaces" : "joins";
            writer.Line($"// {loss.MethodName} {mode} {watched.MethodName} once {watched.MethodName} < {CSharp.DoubleLiteral(loss.Gate.Threshold)}{(loss.Gate.Latch ? " (latched)" : string.Empty)}");
            writer.Line(loss.Gate.Latch
                ? $"{gateField} = {gateField} || ({test});"
                : $"{gateField} = {test};");
            writer.Line($"var {Names.LossLocal(loss)} = {gateField} ? {call} : null;");
        }
    }

    /// <summary>
    /// A device gate: the gated loss is computed every step; its gate is a 0/1 tensor from the watched loss (and, in a
    /// chain, from the watched loss's own gate), decided without reading anything on the host.
    /// </summary>
    private static void EmitDeviceGate(SourceWriter writer, PhasePlan plan, Model.Specs.LossSpec loss, string call)
    {
        var gate = loss.Gate!;
        var watched = plan.Loss(gate.WatchedIndex);
        var mode = gate.Mode == GateModeValue.Switch ? "replaces" : "joins";
        writer.Line($"// {loss.MethodName} {mode} {watched.MethodName} once {watched.MethodName} < {CSharp.DoubleLiteral(gate.Threshold)}{(gate.Latch ? " (latched)" : string.Empty)}, decided on the device");
        var arguments = watched.HasDeviceGate
            ? $"{Names.LossLocal(watched)}, {Names.DeviceGateLocal(watched)}"
            : Names.LossLocal(watched);
        writer.Line($"var {Names.DeviceGateLocal(loss)} = {Names.DeviceGateField(loss)}.Open({arguments});");
        writer.Line($"var {Names.LossLocal(loss)} = {call};");
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

    /// <summary>Closes the gates of losses that do not take part in this phase (latched gates keep their state).</summary>
    public static void EmitGatesOutsidePhase(SourceWriter writer, PhasePlan plan)
    {
        for (var i = 0; i < plan.Trainer.Losses.Count; i++)
        {
            var loss = plan.Loss(i);
            if (loss.Gate is { Latch: false, OnDevice: false } && !plan.IsMember(i)) writer.Line($"{Names.GateField(loss)} = false;");
        }
    }
}
