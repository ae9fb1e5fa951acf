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
    private const string GradNorm = "global::MultiLoss.Weighting.GradNorm";
    private const string PcGrad = "global::MultiLoss.Weighting.PcGrad";
    public const string Aggregation = "__aggregation";
    private const string Unshared = "__unsharedParameters";

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
            case LossWeightingValue.GradNorm:
                writer.Line($"private {GradNorm}? {Names.Weighting};");
                break;
        }
        if (trainer.Weighting.PcGrad)
        {
            writer.Line($"private {PcGrad}? {Aggregation};");
            if (trainer.Weighting.SharedLayer is not null) writer.Line($"private {Names.Parameter}[]? {Unshared};");
        }
    }

    public static void EmitDispose(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Weighting.Kind == LossWeightingValue.GradNorm) writer.Line($"{Names.Weighting}?.Dispose();");
        else if (trainer.Weighting.IsAdaptive) writer.Line($"{Names.Weighting}.Dispose();");
        if (trainer.Weighting.PcGrad) writer.Line($"{Aggregation}?.Dispose();");
    }

    /// <summary>
    /// GradNorm: its weights are trained from L_grad before the model's backward (which frees the graph it needs);
    /// PCGrad: per-loss gradients of the shared parameters, projected and summed, then the rest of the model from the sum.
    /// Returns false for the other weightings, whose backward the strategies write.
    /// </summary>
    public static bool EmitBackward(SourceWriter writer, PhasePlan plan)
    {
        var weighting = plan.Trainer.Weighting;
        if (weighting.Kind == LossWeightingValue.GradNorm)
        {
            writer.Line($"{Names.Weighting}.Backward({plan.LossLocals(plan.SumOrder)});");
            writer.Line($"{Names.Total}.backward();");
            return true;
        }
        if (!weighting.PcGrad) return false;

        var weighted = new StringBuilder();
        foreach (var index in plan.SumOrder)
        {
            var loss = plan.Loss(index);
            if (weighted.Length > 0) weighted.Append(", ");
            weighted.Append(loss.IsUnitWeight ? Names.LossLocal(loss) : $"{Names.LossLocal(loss)}.mul({Names.Weight(loss)})");
        }
        var unshared = weighting.SharedLayer is not null;
        writer.Line($"{Aggregation}.Backward([{weighted}], retainGraph: {(unshared ? "true" : "false")});");
        if (unshared) writer.Line($"{Names.Total}.backward(inputs: {Unshared});");
        return true;
    }

    /// <summary>PCGrad over every parameter backpropagates the weighted losses one by one, never the total: it is only reported.</summary>
    public static bool BackwardIgnoresTotal(TrainerSpec trainer) => trainer.Weighting.PcGrad && trainer.Weighting.SharedLayer is null;

    public static void EmitMembers(SourceWriter writer, TrainerSpec trainer)
    {
        if (trainer.Weighting.Kind != LossWeightingValue.DynamicWeightAverage) return;
        writer.Line();
        writer.Line("/// <summary>Ends an epoch: the dynamic weight average sets the next epoch's weights from the last two epochs' mean losses.</summary>");
        writer.OpenBlock("public void EndEpoch()");
        writer.Line(DisposeEmitter.ThrowIfDisposed);
        writer.Line($"{Names.Weighting}.EndEpoch();");
        writer.CloseBlock();
    }

    /// <summary>Uncertainty weighting's log-variances join the optimizer on the first step (or on restoring a state).</summary>
    public static void EmitAttach(SourceWriter writer, TrainerSpec trainer)
    {
        var weighting = trainer.Weighting;
        var optimizer = Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]");
        var model = Names.Member(trainer, trainer.ModelMember, "[Model]");
        var shared = weighting.SharedLayer is null ? null : Names.Member(trainer, weighting.SharedLayer, "[SharedLayer]");
        if (weighting.Kind == LossWeightingValue.Uncertainty) writer.Line($"if (!{Names.WeightingAttached}) {AttachStatement(trainer)}");
        if (weighting.Kind == LossWeightingValue.GradNorm)
        {
            writer.OpenBlock($"if ({Names.Weighting} is null)");
            writer.Line($"{Names.Weighting} = new {GradNorm}({shared}, new double[] {{ {DeclaredWeights(trainer)} }}, {CSharp.DoubleLiteral(weighting.GradNormAlpha)});");
            writer.Line($"{Names.Weighting}.Attach({optimizer});");
            writer.CloseBlock();
        }
        if (weighting.PcGrad)
        {
            writer.Line($"{Aggregation} ??= new {PcGrad}({shared ?? model}, {CSharp.IntLiteral(trainer.Losses.Count)});");
            if (shared is not null) writer.Line($"{Unshared} ??= global::MultiLoss.Runtime.ModuleParameters.Except({model}, {shared});");
        }
    }

    public static string AttachStatement(TrainerSpec trainer)
        => $"{{ {Names.Weighting}.Attach({Names.Member(trainer, trainer.OptimizerMember, "[Optimizer]")}); {Names.WeightingAttached} = true; }}";

    /// <summary>Inside the recording block: DWA accumulates the epoch's losses; uncertainty records each effective weight.</summary>
    /// <param name="evaluating">In an evaluation DWA does not count the loss towards its epoch mean.</param>
    public static void EmitRecord(SourceWriter writer, PhasePlan plan, LossSpec loss, bool evaluating = false)
    {
        var guard = loss.HasHostGate ? $"if ({Names.LossLocal(loss)} is not null) " : string.Empty;
        switch (plan.Trainer.Weighting.Kind)
        {
            case LossWeightingValue.DynamicWeightAverage when !evaluating:
                writer.Line($"{guard}{Names.Weighting}.Record({loss.Index}, {Names.LossLocal(loss)});");
                break;
            case LossWeightingValue.Uncertainty:
                var weight = plan.ActiveCondition(loss.Index) is null
                    ? Names.EffectiveWeightLocal(loss)
                    : $"{Names.Weighting}.EffectiveWeight({loss.Index})";
                writer.Line($"{guard}{Names.Record}.Set({ValueSlots.WeightSlot(plan.Trainer, loss)}, {weight});");
                break;
            case LossWeightingValue.GradNorm:
                writer.Line($"{Names.Record}.Set({ValueSlots.WeightSlot(plan.Trainer, loss)}, {Names.Weighting}.WeightView({loss.Index}));");
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
