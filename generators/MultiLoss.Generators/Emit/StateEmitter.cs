using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes the fields a trainer caches (weights as <c>Scalar</c>s, the step-values buffer) and its counters.</summary>
internal static class StateEmitter
{
    public static void Emit(SourceWriter writer, TrainerSpec trainer)
    {
        writer.Line($"private readonly {Names.StepValues} {Names.Values} = new {Names.StepValues}({StepResultEmitter.ValueCount(trainer)});");
        foreach (var loss in trainer.Losses)
        {
            if (loss.IsUnitWeight) continue;
            writer.Line($"private readonly {Names.Scalar} {Names.WeightField(loss)} = {CSharp.DoubleLiteral(loss.Weight)};");
        }
        writer.Line();
        writer.Line("/// <summary>The number of steps this trainer has taken.</summary>");
        writer.Line($"public long StepsTaken => {Names.Values}.Step;");
    }
}
