namespace MultiLoss.Generators.Emit;

/// <summary>
/// Writes <c>var __total = Σ wᵢ·Lᵢ</c> over the phase's backpropagated losses. With a fixed set it is one
/// out-of-place op and in-place adds on that new tensor, weights as cached <c>Scalar</c>s and unit weights
/// skipped; with gates it is a <c>LossSum</c> fed under each loss's condition.
/// </summary>
internal static class TotalEmitter
{
    public static void Emit(SourceWriter writer, PhasePlan plan)
    {
        writer.Line("// " + Formula(plan));
        if (plan.IsStatic) EmitFixed(writer, plan);
        else EmitConditional(writer, plan);
    }

    private static void EmitFixed(SourceWriter writer, PhasePlan plan)
    {
        var order = plan.SumOrder;
        var first = plan.Loss(order[0]);
        if (order.Count == 1)
        {
            writer.Line(first.IsUnitWeight
                ? $"var {Names.Total} = {Names.LossLocal(first)};"
                : $"var {Names.Total} = {Names.LossLocal(first)}.mul({Names.WeightField(first)});");
            return;
        }

        if (first.IsUnitWeight)
        {
            writer.Line($"var {Names.Total} = {Names.LossLocal(first)}.add({AddArguments(plan, order[1])});");
        }
        else
        {
            writer.Line($"var {Names.Total} = {Names.LossLocal(first)}.mul({Names.WeightField(first)});");
            writer.Line($"{Names.Total}.add_({AddArguments(plan, order[1])});");
        }
        for (var k = 2; k < order.Count; k++)
        {
            writer.Line($"{Names.Total}.add_({AddArguments(plan, order[k])});");
        }
    }

    private static void EmitConditional(SourceWriter writer, PhasePlan plan)
    {
        writer.Line($"var {Names.Sum} = new {Names.LossSum}();");
        foreach (var index in plan.SumOrder)
        {
            var add = $"{Names.Sum}.Add({AddArguments(plan, index)});";
            var condition = plan.ActiveCondition(index);
            writer.Line(condition is null ? add : $"if ({condition}) {add}");
        }
        writer.Line($"var {Names.Total} = {Names.Sum}.Total;");
    }

    private static string AddArguments(PhasePlan plan, int index)
    {
        var loss = plan.Loss(index);
        return loss.IsUnitWeight ? Names.LossLocal(loss) : $"{Names.LossLocal(loss)}, {Names.WeightField(loss)}";
    }

    private static string Formula(PhasePlan plan)
    {
        var text = new System.Text.StringBuilder("total = ");
        for (var k = 0; k < plan.SumOrder.Count; k++)
        {
            var loss = plan.Loss(plan.SumOrder[k]);
            if (k > 0) text.Append(" + ");
            if (!loss.IsUnitWeight) text.Append(CSharp.DoubleLiteral(loss.Weight)).Append(" * ");
            text.Append(loss.MethodName);
        }
        if (!plan.IsStatic) text.Append(", over the losses active this step");
        return text.ToString();
    }
}
