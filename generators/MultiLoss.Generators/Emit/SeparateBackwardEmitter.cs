namespace MultiLoss.Generators.Emit;

/// <summary>
/// The separate strategy: one backward per weighted loss, in declaration order. The graph is retained on a
/// backward exactly when a later loss of the step still needs it, so the last backward frees it.
/// </summary>
internal static class SeparateBackwardEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        for (var k = 0; k < plan.SumOrder.Count; k++)
        {
            var index = plan.SumOrder[k];
            var loss = plan.Loss(index);
            var weighted = loss.IsUnitWeight ? Names.LossLocal(loss) : $"{Names.LossLocal(loss)}.mul({Names.WeightField(loss)})";
            var retain = plan.AnyActiveAfter(k);
            var backward = retain == "false" ? $"{weighted}.backward();" : $"{weighted}.backward(retain_graph: {retain});";
            var condition = plan.ActiveCondition(index);
            writer.Line(condition is null ? backward : $"if ({condition}) {backward}");
        }
    }
}
