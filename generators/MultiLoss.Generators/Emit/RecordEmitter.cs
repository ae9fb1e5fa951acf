using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the device-side copy of each computed loss, the total and each metric into the trainer's step-values buffer.
/// When the backward passes did not build the total as one sum, it is computed here, with gradients off.
/// </summary>
internal static class RecordEmitter
{
    /// <summary>The buffer a step records into, or an evaluation.</summary>
    public const string Buffer = "(" + Names.Training + " ? " + Names.Values + " : " + Names.EvaluationValues + ")";

    public static void Emit(SourceWriter writer, PhasePlan plan, bool computeTotal)
    {
        writer.OpenBlock($"using (var {Names.Record} = {Buffer}.BeginStep())");
        if (computeTotal) TotalPart.For(plan.Trainer).Emit(writer, plan, plan.SumOrder, Names.Total);
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
        MetricsEmitter.EmitRecord(writer, plan.Trainer);
        MethodEmitter.EmitObserve(writer, plan.Trainer);
        writer.CloseBlock();
    }
}
