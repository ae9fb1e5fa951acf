using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes the device-side copy of each computed loss and the total into the trainer's step-values buffer.
/// With separate backwards the total is computed here, with gradients off.
/// </summary>
internal static class RecordEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        writer.OpenBlock($"using (var {Names.Record} = {Names.Values}.BeginStep())");
        if (plan.Phase.Backward == BackwardModeValue.Separate) TotalEmitter.Emit(writer, plan);
        foreach (var index in plan.SumOrder)
        {
            var loss = plan.Loss(index);
            var set = $"{Names.Record}.Set({index}, {Names.LossLocal(loss)});";
            writer.Line(loss.Gate is null ? set : $"if ({Names.LossLocal(loss)} is not null) {set}");
        }
        writer.Line($"{Names.Record}.Set({StepResultEmitter.TotalSlot(plan.Trainer)}, {Names.Total});");
        writer.CloseBlock();
    }
}
