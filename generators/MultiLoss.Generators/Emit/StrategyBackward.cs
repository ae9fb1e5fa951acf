using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes a phase's backward passes. A single pass over every loss is <c>__total.backward()</c>, and its total is the
/// one reported. With several passes, each is backpropagated in order with <c>retain_graph</c> set exactly when a later
/// pass of this step still needs the graph, so the last backward frees it; the reported total is then summed
/// separately, with gradients off, when the values are recorded.
/// </summary>
internal sealed class StrategyBackward : BackwardPart
{
    public static readonly StrategyBackward Instance = new();

    /// <summary>Writes the backward calls; with accumulation each root is scaled by 1/k first.</summary>
    public override void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<BackwardPass> passes)
    {
        if (!NeedsSeparateTotal(passes))
        {
            var scale = OptimizerStepPart.For(plan.Trainer).LossScale;
            writer.Line(scale is not null ? $"{Names.Total}.mul({scale}).backward();" : $"{Names.Total}.backward();");
            return;
        }

        for (var k = 0; k < passes.Count; k++)
        {
            EmitPass(writer, plan, passes[k], RetainGraph(plan, passes, k));
        }
    }

    /// <summary>True when the reported total is not the sum a single pass already built.</summary>
    public static bool NeedsSeparateTotal(IReadOnlyList<BackwardPass> passes) => passes.Count != 1 || passes[0].UpdatesMember is not null;

    private static void EmitPass(SourceWriter writer, PhasePlan plan, BackwardPass pass, string retain)
    {
        var arguments = new List<string>();
        if (retain != "false") arguments.Add("retain_graph: " + retain);
        if (pass.UpdatesMember is not null) arguments.Add("inputs: " + Names.UpdatesField(plan.Loss(pass.Losses[0])));
        var backward = $".backward({string.Join(", ", arguments)});";

        var scale = OptimizerStepPart.For(plan.Trainer).LossScale;
        if (pass.Losses.Count == 1)
        {
            var loss = plan.Loss(pass.Losses[0]);
            var term = plan.Term(pass.Losses[0], out var isNew);
            var weighted = loss.IsUnitWeight ? term : $"{term}.mul{(isNew ? "_" : string.Empty)}({Names.Weight(loss)})";
            var isNewTensor = isNew || !loss.IsUnitWeight;
            if (scale is not null) weighted += isNewTensor ? $".mul_({scale})" : $".mul({scale})";
            var condition = plan.ActiveCondition(pass.Losses[0]);
            writer.Line(condition is null ? weighted + backward : $"if ({condition}) {weighted}{backward}");
            return;
        }

        if (plan.AllAlwaysActive(pass.Losses))
        {
            TotalPart.For(plan.Trainer).Emit(writer, plan, pass.Losses, Names.PassTotal);
            writer.Line(Names.PassTotal + (scale is not null ? $".mul_({scale})" : string.Empty) + backward);
            return;
        }
        WeightedSumTotal.EmitLossSum(writer, plan, pass.Losses, Names.PassSum);
        writer.Line($"if (!{Names.PassSum}.IsEmpty) {Names.PassSum}.Total{(scale is not null ? $".mul({scale})" : string.Empty)}{backward}");
    }

    private static string RetainGraph(PhasePlan plan, IReadOnlyList<BackwardPass> passes, int position)
    {
        var conditions = new List<string>();
        for (var k = position + 1; k < passes.Count; k++)
        {
            var activity = plan.AnyActive(passes[k].Losses);
            if (activity is null) return "true";
            conditions.Add("(" + activity + ")");
        }
        return conditions.Count == 0 ? "false" : string.Join(" || ", conditions);
    }
}
