using System.Text;
using MultiLoss.Generators.Model;
using MultiLoss.Generators.Model.Specs;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes what an adaptive weighting adds to a trainer: the runtime weighting object, attaching uncertainty weighting's
/// log-variances to the optimizer, DWA's <c>EndEpoch()</c> and per-step recording, and the effective weights reported.
/// </summary>
internal static class WeightingEmitter
{
    private const string Uncertainty = "global::MultiLoss.Weighting.UncertaintyWeighting";
    private const string Dwa = "global::MultiLoss.Weighting.DynamicWeightAverage";

    public static void EmitFields(SourceWriter writer, TrainerSpec trainer)
    {
        switch (trainer.Weighting.Kind)
        {
            case LossWeightingValue.Uncertainty:
                writer.Line($"private readonly {Uncertainty} {Names.Weighting} = new {Uncertainty}({DeclaredWeights(trainer)});");
                writer.Line($"private bool {Names.WeightingAttached};");
                break;
            case LossWeightingValue.DynamicWeightAverage:
                writer.Line($"private readonly {Dwa} {Names.Weighting} = new {Dwa}(new double[] {{ {DeclaredWeights(trainer)} }}, {CSharp.DoubleLiteral(trainer.Weighting.DwaTemperature)});");
                break;
        }
    }

    public static void EmitMembers(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Weighting.Kind != LossWeightingValue.DynamicWeightAverage) return;
        writer.Line();
        writer.Line("/// <summary>Ends an epoch: the dynamic weight average sets the next epoch's weights from the last two epochs' mean losses.</summary>");
        writer.Line($"public void EndEpoch() => {Names.Weighting}.EndEpoch();");
    }

    /// <summary>Uncertainty weighting's log-variances join the optimizer on the first step (or on restoring a state).</summary>
    public static void EmitAttach(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Weighting.Kind != LossWeightingValue.Uncertainty) return;
        writer.Line($"if (!{Names.WeightingAttached}) {AttachStatement(trainer)}");
    }

    public static string AttachStatement(TrainerSpec trainer)
        => $"{{ {Names.Weighting}.Attach(this.{CSharp.Identifier(trainer.OptimizerMember)}); {Names.WeightingAttached} = true; }}";

    /// <summary>Inside the recording block: DWA accumulates the epoch's losses; uncertainty records each effective weight.</summary>
    public static void EmitRecord(SourceWriter writer, PhasePlan plan, LossSpec loss)
    {
        var guard = loss.HasHostGate ? $"if ({Names.LossLocal(loss)} is not null) " : string.Empty;
        switch (plan.Trainer.Weighting.Kind)
        {
            case LossWeightingValue.DynamicWeightAverage:
                writer.Line($"{guard}{Names.Weighting}.Record({loss.Index}, {Names.LossLocal(loss)});");
                break;
            case LossWeightingValue.Uncertainty:
                writer.Line($"{guard}{Names.Record}.Set({StepResultEmitter.WeightSlot(plan.Trainer, loss)}, {Names.Weighting}.EffectiveWeight({loss.Index}));");
                break;
        }
    }

    private static string DeclaredWeights(TrainerSpec trainer)
    {
        var text = new StringBuilder();
        foreach (var loss in trainer.Losses)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(CSharp.DoubleLiteral(loss.Weight));
        }
        return text.ToString();
    }
}
