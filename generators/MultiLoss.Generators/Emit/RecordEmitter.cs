using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes the device-side copy of each loss and the total into the trainer's step-values buffer.</summary>
internal static class RecordEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.OpenBlock($"using (var {Names.Record} = {Names.Values}.BeginStep())");
        for (var i = 0; i < trainer.Losses.Count; i++)
        {
            writer.Line($"{Names.Record}.Set({i}, {Names.LossLocal(trainer.Losses[i])});");
        }
        writer.Line($"{Names.Record}.Set({StepResultEmitter.TotalSlot(trainer)}, {Names.Total});");
        writer.CloseBlock();
    }
}
