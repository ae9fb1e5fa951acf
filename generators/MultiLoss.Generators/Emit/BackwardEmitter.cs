using System.Collections.Generic;

namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes a phase's backward passes. A single pass over every loss is <c>__total.backward()</c>, and its total is the
/// one reported. With several passes, each is backpropagated in order with <c>retain_graph</c> set exactly when a later
/// pass of this step still needs the graph, so the last backward frees it; the reported total is then summed
/// separately, with gradients off, when the values are recorded.
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan, IReadOnlyList<BackwardPass> passes)
    {
        if (passes.Count == 1 && passes[0].UpdatesMember is null)
        {
            if (plan.Phase.Backward == Model.BackwardModeValue.Separate)
            {
                writer.Line("// Separate backward: nothing happens between the backward calls, so one backward of the sum is equivalent.");
            }
            TotalEmitter.Emit(writer, plan, passes[0].Losses, Names.Total);
            writer.Line($"{Names.Total}.backward();");
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

        if (pass.Losses.Count == 1)
        {
            var loss = plan.Loss(pass.Losses[0]);
            var weighted = loss.IsUnitWeight ? Names.LossLocal(loss) : $"{Names.LossLocal(loss)}.mul({Names.WeightField(loss)})";
            var condition = plan.ActiveCondition(pass.Losses[0]);
            writer.Line(condition is null ? weighted + backward : $"if ({condition}) {weighted}{backward}");
            return;
        }

        if (plan.AllAlwaysActive(pass.Losses))
        {
            TotalEmitter.Emit(writer, plan, pass.Losses, Names.PassTotal);
            writer.Line(Names.PassTotal + backward);
            return;
        }
        TotalEmitter.EmitLossSum(writer, plan, pass.Losses, Names.PassSum);
        writer.Line($"if (!{Names.PassSum}.IsEmpty) {Names.PassSum}.Total{backward}");
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
